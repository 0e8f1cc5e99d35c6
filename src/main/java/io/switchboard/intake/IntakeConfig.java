package io.switchboard.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How inbound deliveries are group-committed. */
@ConfigMapping(prefix = "switchboard.intake")
public interface IntakeConfig {

    /** Deliveries stored and decided in one transaction at most. */
    @WithDefault("500")
    int maxBatch();

    /**
     * Group commits in progress at once: while one commits, the next batch is stored and
     * decided. Deliveries sent one after another (each after the previous 202) keep their order.
     */
    @WithDefault("2")
    int writers();

    /** Bytes of deliveries waiting for their commit; past it, deliveries get 503 with Retry-After. */
    @WithDefault("33554432")
    long maxQueuedBytes();
}
