package io.switchboard.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Failures the sandbox plays on demand, so tests can see how Switchboard copes: an error status
 * (with an optional Retry-After, sent as given: seconds, a date, or nonsense), latency, a dropped
 * connection, or a malformed body. A fault applies to the requests whose method and path match,
 * for its next {@code count} requests or until cleared.
 */
@ApplicationScoped
public class SandboxFaults {

    /** What to do to a matching request; {@code remaining} is null for "until cleared". */
    public record Fault(String method, Pattern path, int status, String body, String retryAfter, long latencyMs,
            boolean drop, boolean malformed, AtomicInteger remaining) {

        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equalsIgnoreCase(requestMethod))
                    && (path == null || path.matcher(requestPath).find());
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    public void add(Fault fault) {
        faults.add(fault);
    }

    public List<Fault> list() {
        return List.copyOf(faults);
    }

    public void clear() {
        faults.clear();
    }

    /** The first fault matching this request, with one use counted against it. */
    public Optional<Fault> take(String method, String path) {
        for (Fault fault : faults) {
            if (!fault.matches(method, path)) {
                continue;
            }
            if (fault.remaining() == null) {
                return Optional.of(fault);
            }
            int left = fault.remaining().getAndDecrement();
            if (left <= 1) {
                faults.remove(fault);
            }
            if (left >= 1) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
