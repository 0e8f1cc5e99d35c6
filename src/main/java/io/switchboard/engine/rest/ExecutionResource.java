package io.switchboard.engine.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.auth.Roles;
import io.switchboard.engine.ExecutionQueries;
import io.switchboard.engine.ExecutionQueries.ExecutionView;
import io.switchboard.web.BadRequestException;
import io.switchboard.web.Page;
import io.switchboard.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Why something did or did not fire: one trace per rule and event, with every action attempt. */
@Path("/api/executions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions")
@SecurityRequirement(name = "apiKey")
@RolesAllowed(Roles.VIEWER)
public class ExecutionResource {

    @Inject
    ExecutionQueries executions;

    @GET
    @Operation(summary = "List traces", description = """
            Newest first. Filters: rule (id), status (fired, condition_false, cooldown, waiting, disabled, \
            evaluation_error, hold_cancelled), subject (of the event), since and until (ISO-8601).""")
    public Page<ExecutionView> list(@BeanParam PageParams at,
            @QueryParam("rule") Long rule, @QueryParam("status") String status, @QueryParam("subject") String subject,
            @QueryParam("since") String since, @QueryParam("until") String until) {
        return executions.list(at.page(), at.size(), rule, status, subject, BadRequestException.instant("since", since),
                BadRequestException.instant("until", until));
    }

    @GET
    @Path("/{id}")
    public ExecutionView get(@PathParam("id") long id) {
        return executions.find(id).orElseThrow(() -> new NotFoundException("no execution with id " + id));
    }
}
