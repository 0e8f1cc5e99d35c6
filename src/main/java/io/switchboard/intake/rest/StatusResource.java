package io.switchboard.intake.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.auth.Roles;
import io.switchboard.intake.PollRunner;
import io.switchboard.intake.Pollers;
import io.switchboard.intake.StatusReport;
import io.switchboard.intake.StatusReport.PollerStatus;
import io.switchboard.intake.StatusReport.Status;
import jakarta.annotation.security.RolesAllowed;
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
@RolesAllowed(Roles.VIEWER)
public class StatusResource {

    @Inject
    Pollers pollers;

    @Inject
    PollRunner runner;

    @Inject
    StatusReport report;

    @GET
    @Path("/status")
    @Operation(summary = "Pollers (last run, cursor, lag, last error, effective interval), poll budget, backlogs, SnapCall reachability and circuit")
    public Status status() {
        return report.status();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/pollers/{name}/run")
    @Operation(summary = "Poll now", description = "Runs the poller at once, even while it backs off after failures; not beside a round another replica has underway (then answers underway: true).")
    public PollerStatus pollNow(@PathParam("name") String name) {
        var poller = pollers.named(name).orElseThrow(() -> new NotFoundException("no poller named " + name));
        runner.run(poller, true);
        return status().pollers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
