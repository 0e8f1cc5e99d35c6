package io.switchboard.intake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pollers: how often they read SnapCall, how much of it, and what they watch. */
@ConfigMapping(prefix = "switchboard.poll")
public interface PollConfig {

    /** Off: nothing polls on its own (tests run pollers by hand). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Longest wait after repeated failures; also the cap on a {@code Retry-After} SnapCall sends
     * the pollers (a longer one, or an absurd one, is cut to this).
     */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * Requests per second to SnapCall for all pollers together (this instance's). When a round
     * needs more, the round takes longer: the cycle stretches instead of the rate rising.
     */
    @WithDefault("5")
    double budget();

    /**
     * Most pages one poll reads from one list. A SnapCall that ignores {@code page} or reports an
     * ever-growing total stops here, with an error, instead of being read forever.
     */
    @WithDefault("100")
    int maxPages();

    Calls calls();

    Agents agents();

    Buttons buttons();

    interface Calls {
        @WithDefault("15s")
        Duration every();

        /** Re-read this far behind the cursor, for calls SnapCall lists late. */
        @WithDefault("2m")
        Duration overlap();

        /**
         * How far back an incremental read may reach to see a call still ringing or ongoing.
         * Calls open for longer are read one by one (a few per poll) instead of dragging the
         * window back, so one call SnapCall never closes cannot make every poll read a day.
         */
        @WithDefault("1h")
        Duration maxLookback();

        /**
         * Page size asked of {@code GET /v2/calls}. SnapCall documents no maximum (the embedded
         * sandbox caps it at 100); a 4xx naming the limit halves it for the next poll.
         */
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

        /** Page size asked of {@code GET /v2/buttons} (as for calls: a setting, halved on a 4xx naming it). */
        @WithDefault("100")
        int limit();
    }
}
