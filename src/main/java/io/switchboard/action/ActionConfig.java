package io.switchboard.action;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How actions are sent. */
@ConfigMapping(prefix = "switchboard.actions")
public interface ActionConfig {

    /** Tries per action before it is marked dead. */
    @WithDefault("8")
    int maxAttempts();

    /** First retry delay; doubled at each try, with ±20% jitter. */
    @WithDefault("1s")
    Duration backoff();

    /** Longest wait between tries; a longer Retry-After is cut to this. */
    @WithDefault("5m")
    Duration maxBackoff();

    /** Requests in flight at once across all targets (one per target at most). */
    @WithDefault("64")
    int maxInFlight();

    /** Most buttons in one {@code PUT /v2/buttons/batch}. */
    @WithDefault("50")
    int batchSize();

    /**
     * A claim's lease. The owner renews it (every third of it) while the action waits or is
     * being sent; past it, another replica takes the action over.
     */
    @WithDefault("30s")
    Duration claimLease();

    /** How often live actions whose owner's lease lapsed are looked for. */
    @WithDefault("5s")
    Duration recoveryEvery();
}
