package io.switchboard.intake.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.action.Outbox;
import io.switchboard.auth.Roles;
import io.switchboard.event.EventStore;
import io.switchboard.intake.PollCursor;
import io.switchboard.intake.PollRunner;
import io.switchboard.intake.Pollers;
import io.switchboard.snapcall.SnapCallReachability;
import io.switchboard.snapcall.SnapCallTarget;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** How the loop is doing: pollers, the event and action backlogs, SnapCall. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status")
@SecurityRequirement(name = "apiKey")
@RolesAllowed(Roles.VIEWER)
public class StatusResource {

    public record PollerStatus(String name, Instant lastRunAt, Instant lastSuccessAt, String cursor,
            Long lagSeconds, int failures, String lastError, Instant nextRunAt) {
    }

    public record Backlog(long unprocessedEvents, long pendingActions, long deadActions) {
    }

    public record SnapCall(String url, boolean reachable, Instant checkedAt, String error) {
    }

    public record Status(List<PollerStatus> pollers, Backlog backlog, SnapCall snapcall) {
    }

    @Inject
    Pollers pollers;

    @Inject
    PollRunner runner;

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
    @Operation(summary = "Pollers (last run, cursor, lag, last error), backlogs, SnapCall reachability")
    public Status status() {
        Instant now = Instant.now();
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
                new SnapCall(target.baseUri().toString(), check.reachable(), check.checkedAt(), check.error()));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/pollers/{name}/run")
    @Operation(summary = "Poll now", description = "Runs the poller at once, even while it backs off after failures.")
    public PollerStatus pollNow(@PathParam("name") String name) {
        var poller = pollers.named(name).orElseThrow(() -> new NotFoundException("no poller named " + name));
        runner.run(poller, true);
        return status().pollers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
