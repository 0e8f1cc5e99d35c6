package io.switchboard;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the shared writer ({@link SharedWriter}) group-commits deliveries and results. */
@ConfigMapping(prefix = "switchboard.writer")
public interface WriterConfig {

    /** Items (deliveries and results together) written in one transaction at most. */
    @WithDefault("500")
    int maxBatch();

    /**
     * Group commits in progress at once. Two, on H2 as on PostgreSQL: while one writer commits
     * (on H2 it serializes and writes the pages it touched; on PostgreSQL it waits for the log to
     * reach the disk) the other stores and decides its batch. On a quiet 2-core VM two did 13%
     * more than one, summed over six paired rounds (BENCHMARKS.md, session 16). Deliveries sent
     * one after another (each after the previous 202) keep their order either way.
     */
    @WithDefault("2")
    int threads();

    /**
     * How long a writer waits after a batch's first item for others to share its commit (0:
     * none). Adds at most this to a lone delivery's 202; under load, fewer, larger commits.
     */
    @WithDefault("1ms")
    Duration linger();
}
