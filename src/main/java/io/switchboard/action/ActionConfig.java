package io.switchboard.action;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the worker sends actions. */
@ConfigMapping(prefix = "switchboard.actions")
public interface ActionConfig {

    /** Tries per action before it is marked dead. */
    @WithDefault("8")
    int maxAttempts();

    /** First retry delay; doubled at each try, with ±20% jitter. */
    @WithDefault("1s")
    Duration backoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** Rows claimed per worker round. */
    @WithDefault("50")
    int batchSize();

    /** A claim older than this is considered abandoned (a crashed sender) and taken over. */
    @WithDefault("2m")
    Duration claimLease();
}
