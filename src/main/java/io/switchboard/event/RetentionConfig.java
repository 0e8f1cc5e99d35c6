package io.switchboard.event;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * How long history is kept, and how the retention job deletes it (see {@link Retention}). Checked
 * by {@link #check()} when the service starts, in code rather than with Bean Validation
 * annotations: a constrained mapping makes Quarkus build a validator while it reads its
 * configuration, before anything else starts (a visible part of every start, BENCHMARKS.md).
 */
@ConfigMapping(prefix = "switchboard.retention")
public interface RetentionConfig {

    /**
     * {@code switchboard.retention} itself: events (with their traces, actions and attempts) received
     * longer ago than this are deleted. Also the dedupe window: a delivery older than this is stored again.
     * Less than a minute would delete history as it is written: refused at startup.
     */
    @WithParentName
    @WithDefault("30d")
    Duration maxAge();

    /** Events deleted per transaction (with all their traces, actions and attempts). */
    @WithDefault("500")
    int chunkSize();

    /** Chunks per run at most; a larger backlog is finished by the next runs. */
    @WithDefault("20")
    int chunksPerRun();

    /** How often the job runs ({@code off} disables it); read by {@code Retention}'s {@code @Scheduled}. */
    @WithDefault("10m")
    String every();

    /** The first value that cannot work, named with its property; thrown at startup so the service does not start. */
    default void check() {
        if (maxAge().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("switchboard.retention must be at least 1m (one minute), was " + maxAge());
        }
        if (chunkSize() <= 0) {
            throw new IllegalArgumentException("switchboard.retention.chunk-size must be positive, was " + chunkSize());
        }
        if (chunksPerRun() <= 0) {
            throw new IllegalArgumentException("switchboard.retention.chunks-per-run must be positive, was " + chunksPerRun());
        }
    }
}
