package io.switchboard;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the shared writer ({@link SharedWriter}) group-commits deliveries and results. */
@ConfigMapping(prefix = "switchboard.writer")
public interface WriterConfig {

    /** Items (deliveries and results together) written in one transaction at most. */
    @WithDefault("500")
    int maxBatch();

    /**
     * Group commits in progress at once; by default one on the embedded H2 and two on
     * PostgreSQL. On H2 one (with the linger) makes the fewest, largest commits, which on a
     * 2-core machine is what costs least; a remote database's commit waits for its log to reach
     * the disk, and a second writer fills that wait. Deliveries sent one after another (each
     * after the previous 202) keep their order either way.
     */
    Optional<Integer> threads();

    /**
     * How long a writer waits after a batch's first item for others to share its commit (0:
     * none). Adds at most this to a lone delivery's 202; under load, fewer, larger commits.
     */
    @WithDefault("1ms")
    Duration linger();
}
