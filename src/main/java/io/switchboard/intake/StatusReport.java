package io.switchboard.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.switchboard.action.Outbox;
import io.switchboard.event.EventStore;
import io.switchboard.snapcall.SnapCallBreaker;
import io.switchboard.snapcall.SnapCallReachability;
import io.switchboard.snapcall.SnapCallTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How the loop is doing, read in one place for the API's {@code /api/status} and the console's
 * status page: each poller's cursor row, the event and action backlogs, SnapCall's reachability
 * (cached 5 s) and its circuit.
 */
@ApplicationScoped
public class StatusReport {

    public record PollerStatus(String name, Instant lastRunAt, Instant lastSuccessAt, String cursor,
            Long lagSeconds, int failures, String lastError, Instant nextRunAt) {
    }

    public record Backlog(long unprocessedEvents, long pendingActions, long deadActions) {
    }

    public record SnapCall(String url, boolean reachable, Instant checkedAt, String error, String circuit) {
    }

    public record Status(List<PollerStatus> pollers, Backlog backlog, SnapCall snapcall) {
    }

    @Inject
    Pollers pollers;

    @Inject
    EventStore events;

    @Inject
    Outbox outbox;

    @Inject
    SnapCallReachability reachability;

    @Inject
    SnapCallTarget target;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    Clock clock;

    public Status status() {
        Instant now = clock.instant();
        List<PollerStatus> states = pollers.all().stream().map(p -> {
            PollCursor c = PollCursor.findById(p.name());
            if (c == null) {
                return new PollerStatus(p.name(), null, null, null, null, 0, null, null);
            }
            Long lag = c.lastSuccessAt == null ? null : Duration.between(c.lastSuccessAt, now).toSeconds();
            return new PollerStatus(p.name(), c.lastRunAt, c.lastSuccessAt, c.cursorValue, lag, c.failures, c.lastError,
                    c.nextRunAt);
        }).toList();
        var check = reachability.check();
        return new Status(states, new Backlog(events.unprocessed(), outbox.depth(), outbox.dead()),
                new SnapCall(target.baseUri().toString(), check.reachable(), check.checkedAt(), check.error(),
                        breakers.currentState(SnapCallBreaker.NAME).name().toLowerCase()));
    }
}
