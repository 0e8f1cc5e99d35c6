package io.switchboard.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Sandbox {@code /v2/calls}: read, list with every documented filter, recordings. */
@SandboxBodyLogging.Logged
@Path("/sandbox/v2/calls")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxCallsResource {

    @Inject
    SandboxState state;

    @GET
    @Path("/{id}")
    public ObjectNode read(@PathParam("id") String id) {
        return state.call(Query.id(id));
    }

    @GET
    public ObjectNode list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("rate") String rate, @QueryParam("start") String start, @QueryParam("end") String end,
            @QueryParam("button") String button, @QueryParam("status") String status,
            @QueryParam("agent") String agent, @QueryParam("client") String client, @QueryParam("ani") String ani,
            @QueryParam("exporting") String exporting) {
        SandboxCallFilter filter = SandboxCallFilter.of(rate, start, end, button, status, agent, client, ani);
        return listed(state, filter, page, limit, exporting);
    }

    @GET
    @Path("/{id}/recording")
    public ObjectNode recording(@PathParam("id") String id) {
        return state.recording(Query.id(id));
    }

    @DELETE
    @Path("/{id}/recording")
    public ObjectNode deleteRecording(@PathParam("id") String id) {
        state.deleteRecording(Query.id(id));
        return SandboxState.NODES.objectNode().put("deleted", true);
    }

    static ObjectNode listed(SandboxState state, SandboxCallFilter filter, String page, String limit,
            String exporting) {
        var calls = state.calls(filter);
        return Boolean.TRUE.equals(Query.bool("exporting", exporting))
                ? SandboxPages.export(calls)
                : SandboxPages.of(calls, page, limit);
    }
}
