package io.switchboard.event;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import jakarta.validation.constraints.Positive;

/** How long history is kept, and how the retention job deletes it (see {@link Retention}). */
@ConfigMapping(prefix = "switchboard.retention")
public interface RetentionConfig {

    /**
     * {@code switchboard.retention} itself: events (with their traces, actions and attempts) received
     * longer ago than this are deleted. Also the dedupe window: a delivery older than this is stored again.
     * Zero or less would delete history as it is written: refused at startup.
     */
    @DurationMin(minutes = 1)
    @WithParentName
    @WithDefault("30d")
    Duration maxAge();

    /** Events deleted per transaction (with all their traces, actions and attempts). */
    @Positive
    @WithDefault("500")
    int chunkSize();

    /** Chunks per run at most; a larger backlog is finished by the next runs. */
    @Positive
    @WithDefault("20")
    int chunksPerRun();

    /** How often the job runs ({@code off} disables it); read by {@code Retention}'s {@code @Scheduled}. */
    @WithDefault("10m")
    String every();
}
