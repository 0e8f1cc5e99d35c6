package io.switchboard.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How {@link H2FileCompaction} rewrites the embedded H2 file's sparse chunks: small rounds, spread
 * over each period, because commits wait while a round runs. Checked by {@link #check()} when the
 * service starts (in code, as {@link RetentionConfig} is, so no validator is built at start).
 */
@ConfigMapping(prefix = "switchboard.h2")
public interface H2CompactionConfig {

    /** How often the job runs ({@code off} disables it); read by the job's {@code @Scheduled}. */
    @WithDefault("1s")
    String compactEvery();

    /** Rounds per run at most, spread evenly until the next run; fewer when nothing is sparse enough. */
    @WithDefault("4")
    int compactRounds();

    /** Bytes of live pages one round moves at most: what sets how long commits wait for it. */
    @WithDefault("262144")
    int compactWrite();

    /** The first value that cannot work, named with its property; thrown at startup so the service does not start. */
    default void check() {
        if (compactRounds() <= 0) {
            throw new IllegalArgumentException("switchboard.h2.compact-rounds must be positive, was " + compactRounds());
        }
        if (compactWrite() <= 0) {
            throw new IllegalArgumentException("switchboard.h2.compact-write must be positive, was " + compactWrite());
        }
    }
}
