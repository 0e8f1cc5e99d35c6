package io.switchboard.intake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pollers: how often they read SnapCall, and what they watch. */
@ConfigMapping(prefix = "switchboard.poll")
public interface PollConfig {

    /** Off: nothing polls on its own (tests run pollers by hand). */
    @WithDefault("true")
    boolean enabled();

    /** Longest wait after repeated failures. */
    @WithDefault("5m")
    Duration maxBackoff();

    Calls calls();

    Agents agents();

    Buttons buttons();

    interface Calls {
        @WithDefault("15s")
        Duration every();

        /** Re-read this far behind the cursor, for calls SnapCall lists late. */
        @WithDefault("2m")
        Duration overlap();

        /** Page size of {@code GET /v2/calls} (SnapCall's maximum is 100). */
        @WithDefault("100")
        int limit();
    }

    interface Agents {
        @WithDefault("10s")
        Duration every();

        /** Agents to watch besides those named on buttons (there is no endpoint listing agents). */
        Optional<List<String>> watch();
    }

    interface Buttons {
        @WithDefault("60s")
        Duration every();
    }
}
