package io.switchboard.intake.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.action.Outbox;
import io.switchboard.event.EventStore;
import io.switchboard.intake.PollBudget;
import io.switchboard.intake.PollCursor;
import io.switchboard.intake.PollRunner;
import io.switchboard.intake.Poller;
import io.switchboard.intake.Pollers;
import io.switchboard.snapcall.SnapCallReachability;
import io.switchboard.snapcall.SnapCallTarget;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** How the loop is doing: pollers, their request budget, the event and action backlogs, SnapCall. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status")
@SecurityRequirement(name = "apiKey")
public class StatusResource {

    /**
     * One poller. {@code effectiveIntervalSeconds}: the cycle as it runs — the configured
     * interval, or the last round's length when the budget made it longer. {@code lastProblems}:
     * items the last read skipped or read in part. {@code pageLimit}: the page size it asks for now.
     */
    public record PollerStatus(String name, Instant lastRunAt, Instant lastSuccessAt, String cursor,
            Long lagSeconds, int failures, String lastError, Instant nextRunAt, String lastProblems,
            double intervalSeconds, double effectiveIntervalSeconds, Integer pageLimit) {
    }

    /** Requests per second the pollers may send: configured, and now (lower while recovering from a 429). */
    public record Budget(double requestsPerSecond, double currentRequestsPerSecond) {
    }

    public record Backlog(long unprocessedEvents, long pendingActions, long deadActions) {
    }

    public record SnapCall(String url, boolean reachable, Instant checkedAt, String error) {
    }

    public record Status(List<PollerStatus> pollers, Budget pollBudget, Backlog backlog, SnapCall snapcall) {
    }

    @Inject
    Pollers pollers;

    @Inject
    PollRunner runner;

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

    @GET
    @Path("/status")
    @Operation(summary = "Pollers (last run, cursor, lag, last error, effective interval), poll budget, backlogs, SnapCall reachability")
    public Status status() {
        Instant now = Instant.now();
        List<PollerStatus> states = pollers.all().stream().map(p -> of(p, PollCursor.findById(p.name()), now)).toList();
        var check = reachability.check();
        return new Status(states, new Budget(budget.configured(), round(budget.rate())),
                new Backlog(events.unprocessed(), outbox.depth(), outbox.dead()),
                new SnapCall(target.baseUri().toString(), check.reachable(), check.checkedAt(), check.error()));
    }

    private static PollerStatus of(Poller p, PollCursor c, Instant now) {
        Integer limit = p.pageLimit().isPresent() ? p.pageLimit().getAsInt() : null;
        double interval = seconds(p.interval());
        if (c == null) {
            return new PollerStatus(p.name(), null, null, null, null, 0, null, null, null, interval, interval, limit);
        }
        Long lag = c.lastSuccessAt == null ? null : Duration.between(c.lastSuccessAt, now).toSeconds();
        return new PollerStatus(p.name(), c.lastRunAt, c.lastSuccessAt, c.cursorValue, lag, c.failures, c.lastError,
                c.nextRunAt, c.lastProblems, interval, seconds(c.effectiveInterval(p.interval())), limit);
    }

    private static double seconds(Duration d) {
        return round(d.toMillis() / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @POST
    @Path("/pollers/{name}/run")
    @Operation(summary = "Poll now", description = "Runs the poller at once, even while it backs off after failures.")
    public PollerStatus pollNow(@PathParam("name") String name) {
        var poller = pollers.named(name).orElseThrow(() -> new NotFoundException("no poller named " + name));
        runner.run(poller, true);
        return status().pollers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
