package io.switchboard.state;

import java.time.Duration;
import java.util.Optional;

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

    /**
     * Whether other processes (replicas) write the same database, so their writes must be read
     * every {@code switchboard.state.refresh}. Default: no on the embedded H2 (one process holds
     * its file), yes on any other database.
     */
    Optional<Boolean> shared();

    /**
     * How often the whole table is read again when {@link #shared()}, healing anything an
     * incremental read missed. Unshared, it is read once at startup.
     */
    @WithDefault("60s")
    Duration fullReload();
}
