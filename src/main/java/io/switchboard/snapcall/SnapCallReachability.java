package io.switchboard.snapcall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Whether SnapCall answers, asked with {@code GET /v2/users/me} at most every 5 s. */
@ApplicationScoped
public class SnapCallReachability {

    static final Duration CACHE = Duration.ofSeconds(5);

    @Inject
    SnapCallClient client;

    @Inject
    Clock clock;

    public record Check(boolean reachable, Instant checkedAt, String error) {
    }

    private volatile Check last;

    public Check check() {
        Check known = last;
        if (known != null && known.checkedAt().plus(CACHE).isAfter(clock.instant())) {
            return known;
        }
        Check fresh;
        try {
            client.me();
            fresh = new Check(true, clock.instant(), null);
        } catch (SnapCallException.Authentication e) {
            fresh = new Check(true, clock.instant(), "reachable, but the API key is refused: " + e.getMessage());
        } catch (SnapCallException e) {
            fresh = new Check(false, clock.instant(), e.getMessage());
        }
        last = fresh;
        return fresh;
    }
}
