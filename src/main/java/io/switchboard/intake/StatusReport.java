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

    /**
     * One poller. {@code effectiveIntervalSeconds}: the cycle as it runs — the configured
     * interval, or the last round's length when the budget made it longer. {@code lastProblems}:
     * items the last read skipped or read in part. {@code pageLimit}: the page size it asks for now.
     * {@code underway}: a round started ({@code lastRunAt}) and not ended, on some replica; a
     * "poll now" waits for it rather than run beside it.
     */
    public record PollerStatus(String name, Instant lastRunAt, Instant lastSuccessAt, String cursor,
            Long lagSeconds, int failures, String lastError, Instant nextRunAt, String lastProblems,
            double intervalSeconds, double effectiveIntervalSeconds, Integer pageLimit, boolean underway) {
    }

    /** Requests per second the pollers may send: configured, and now (lower while recovering from a 429). */
    public record Budget(double requestsPerSecond, double currentRequestsPerSecond) {
    }

    public record Backlog(long unprocessedEvents, long pendingActions, long deadActions) {
    }

    public record SnapCall(String url, boolean reachable, Instant checkedAt, String error, String circuit) {
    }

    public record Status(List<PollerStatus> pollers, Budget pollBudget, Backlog backlog, SnapCall snapcall) {
    }

    @Inject
    Pollers pollers;

    @Inject
    PollBudget budget;

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
        List<PollerStatus> states = pollers.all().stream().map(p -> of(p, PollCursor.findById(p.name()), now)).toList();
        var check = reachability.check();
        return new Status(states, new Budget(budget.configured(), round(budget.rate())),
                new Backlog(events.unprocessed(), outbox.depth(), outbox.dead()),
                new SnapCall(target.baseUri().toString(), check.reachable(), check.checkedAt(), check.error(),
                        breakers.currentState(SnapCallBreaker.NAME).name().toLowerCase()));
    }

    private static PollerStatus of(Poller p, PollCursor c, Instant now) {
        Integer limit = p.pageLimit().isPresent() ? p.pageLimit().getAsInt() : null;
        double interval = seconds(p.interval());
        if (c == null) {
            return new PollerStatus(p.name(), null, null, null, null, 0, null, null, null, interval, interval, limit, false);
        }
        Long lag = c.lastSuccessAt == null ? null : Duration.between(c.lastSuccessAt, now).toSeconds();
        return new PollerStatus(p.name(), c.lastRunAt, c.lastSuccessAt, c.cursorValue, lag, c.failures, c.lastError,
                c.nextRunAt, c.lastProblems, interval, seconds(c.effectiveInterval(p.interval())), limit, c.roundUnderway());
    }

    private static double seconds(Duration d) {
        return round(d.toMillis() / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
