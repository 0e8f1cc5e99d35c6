package io.switchboard.intake;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How inbound deliveries are group-committed. */
@ConfigMapping(prefix = "switchboard.intake")
public interface IntakeConfig {

    /** Deliveries stored and decided in one transaction at most. */
    @WithDefault("500")
    int maxBatch();

    /**
     * Group commits in progress at once; by default 1 on the embedded H2 and 2 elsewhere. On
     * PostgreSQL a writer waits for its commit, so a second one stores and decides the next
     * batch meanwhile. On the embedded H2 a writer does not wait while its commit is written to
     * the file ({@code Durability}), so one is already that pipeline, and it makes larger
     * batches: fewer commits per event. Deliveries sent one after another (each after the
     * previous 202) keep their order.
     */
    Optional<Integer> writers();

    /** Bytes of deliveries waiting for their commit; past it, deliveries get 503 with Retry-After. */
    @WithDefault("33554432")
    long maxQueuedBytes();
}
