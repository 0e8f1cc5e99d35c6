package io.switchboard.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many inbound deliveries may wait for their commit (how they are committed: {@code switchboard.writer.*}). */
@ConfigMapping(prefix = "switchboard.intake")
public interface IntakeConfig {

    /** Bytes of deliveries waiting for their commit; past it, deliveries get 503 with Retry-After. */
    @WithDefault("33554432")
    long maxQueuedBytes();
}
