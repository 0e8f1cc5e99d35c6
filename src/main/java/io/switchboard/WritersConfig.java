package io.switchboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the shared group commit ({@link Writers}) runs. */
@ConfigMapping(prefix = "switchboard.writers")
public interface WritersConfig {

    /**
     * Group commits in progress at once: while one commits, the next batch is written.
     * Deliveries sent one after another (each after the previous 202) keep their order.
     */
    @WithDefault("2")
    int count();

    /** Items (deliveries and results together) written in one transaction at most. */
    @WithDefault("500")
    int maxBatch();
}
