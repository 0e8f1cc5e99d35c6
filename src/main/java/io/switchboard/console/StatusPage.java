package io.switchboard.console;

import java.util.List;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.switchboard.action.ActionViews;
import io.switchboard.action.ActionViews.ActionView;
import io.switchboard.action.Outbox;
import io.switchboard.action.RetryRefused;
import io.switchboard.auth.Roles;
import io.switchboard.intake.StatusReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's status: each poller, SnapCall's reachability and circuit, the backlogs, the
 * last hour per minute, and the dead actions — with a retry button for admins, which takes the
 * same path as {@code POST /api/actions/{id}/retry}.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class StatusPage {

    static final int DEAD_SHOWN = 50;

    @Inject
    StatusReport report;

    @Inject
    ActivityChart chart;

    @Inject
    ActionViews actions;

    @Inject
    Outbox outbox;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/status")
    public TemplateInstance status() {
        List<ActionView> dead = actions.dead(DEAD_SHOWN);
        return Views.status(Viewer.of(identity), report.status(), chart.lastHour(), dead);
    }

    @POST
    @Path("/actions/{id}/retry")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance retry(@PathParam("id") long id) {
        String note;
        try {
            outbox.retry(id);
            note = "Queued again: it is sent once more now.";
        } catch (RetryRefused e) {
            note = e.getMessage();
        }
        return Views.deadRow(Viewer.of(identity), actions.find(id).orElse(null), id, note);
    }
}
