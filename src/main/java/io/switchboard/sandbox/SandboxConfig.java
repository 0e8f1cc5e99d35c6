package io.switchboard.sandbox;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The embedded SnapCall emulator served at {@code /sandbox/v2}. */
@ConfigMapping(prefix = "switchboard.sandbox")
public interface SandboxConfig {

    /** Serve the sandbox; unset means "when no SnapCall API key is configured". */
    Optional<Boolean> enabled();

    /** The key the sandbox accepts (and the client uses against it). */
    @WithDefault("sandbox-key")
    String apiKey();

    /**
     * The key of the sandbox's partner account: {@code POST /v2/partner/activate-account} takes
     * only this one, the other partner endpoints (but {@code agent-button}) take it too.
     */
    @WithDefault("sandbox-partner-key")
    String partnerApiKey();

    /** Seed of the demo data and of the simulator: the same seed gives the same run. */
    @WithDefault("42")
    long seed();

    Simulator simulator();

    interface Simulator {
        /** Generate calls and agent status changes over time. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("3s")
        Duration every();
    }
}
