package io.switchboard.state;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "switchboard.state")
public interface StateConfig {

    /** Known state younger than this is trusted to skip a request that would change nothing. */
    @WithDefault("30s")
    Duration maxAge();

    /** How long calls stay in {@code calls} for conditions. */
    @WithDefault("24h")
    Duration callsWindow();
}
