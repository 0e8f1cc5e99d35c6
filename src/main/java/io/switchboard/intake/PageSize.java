package io.switchboard.intake;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page size a list poller asks for: its setting, halved each time SnapCall refuses a request
 * with a 4xx whose message names the limit — SnapCall documents no maximum, so the setting is a
 * guess SnapCall may correct. Kept in memory: a restart tries the setting again.
 */
final class PageSize {

    private final AtomicInteger current;

    PageSize(int configured) {
        this.current = new AtomicInteger(Math.max(1, configured));
    }

    int current() {
        return current.get();
    }

    /** Halves the size (never below 1) after SnapCall refused {@code refused}; a later refusal of an older size changes nothing. */
    void halve(int refused) {
        current.updateAndGet(n -> n == refused ? Math.max(1, n / 2) : n);
    }
}
