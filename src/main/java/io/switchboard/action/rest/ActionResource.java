package io.switchboard.action.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.switchboard.action.ActionViews;
import io.switchboard.action.ActionViews.ActionView;
import io.switchboard.action.Outbox;
import io.switchboard.action.RetryRefused;
import io.switchboard.auth.Roles;
import io.switchboard.web.Problem;
import io.switchboard.web.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Sending a dead action again (admin). */
@Path("/api/actions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Actions")
@SecurityRequirement(name = "apiKey")
public class ActionResource {

    @Inject
    Outbox outbox;

    @Inject
    ActionViews actions;

    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retry a dead action", description = """
            Puts a dead action back in the queue for one more try, sent like a newly queued action. \
            Answers the action, pending again.""")
    @APIResponse(responseCode = "202", description = "Queued again")
    @APIResponse(responseCode = "404", description = "No such action")
    @APIResponse(responseCode = "409", description = "The action is not dead")
    @Transactional // the answer is read before the commit hands the action to the sender, so it shows it pending
    public RestResponse<ActionView> retry(@PathParam("id") long id) {
        outbox.retry(id);
        return RestResponse.accepted(actions.find(id).orElseThrow());
    }

    @ServerExceptionMapper
    public RestResponse<Object> unknown(RetryRefused.Unknown e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(404, "Action not found", e.getMessage()).at(request.path()));
    }

    @ServerExceptionMapper
    public RestResponse<Object> notDead(RetryRefused.NotDead e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(409, "Conflict", e.getMessage()).at(request.path()));
    }
}
