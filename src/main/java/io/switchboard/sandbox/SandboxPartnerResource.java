package io.switchboard.sandbox;

import static io.switchboard.sandbox.Schema.Kind.BOOLEAN;
import static io.switchboard.sandbox.Schema.Kind.NUMBER;
import static io.switchboard.sandbox.Schema.Kind.STRING;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Sandbox {@code /v2/partner}: account activation, agent buttons, call history and statistics. */
@SandboxBodyLogging.Logged
@Path("/sandbox/v2/partner")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SandboxPartnerResource {

    static final Schema ACTIVATE = Schema.of(Set.of(), "email", STRING, "user_id", NUMBER, "timezone", STRING,
            "currency", STRING);
    static final Schema AGENT_BUTTON = Schema.of(Set.of("agent_email"), "agent_email", STRING, "stream", BOOLEAN);

    @Inject
    SandboxState state;

    @POST
    @Path("/activate-account")
    public ObjectNode activate(String body) {
        return state.activate(ACTIVATE.parse(body));
    }

    @POST
    @Path("/agent-button")
    public ObjectNode agentButton(String body) {
        ObjectNode fields = AGENT_BUTTON.parse(body);
        return state.agentButton(fields.get("agent_email").asText(), fields.path("stream").asBoolean(false));
    }

    @GET
    @Path("/calls/{id}")
    public ObjectNode call(@PathParam("id") String id) {
        return state.call(Query.id(id));
    }

    @GET
    @Path("/calls")
    public ObjectNode calls(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("start") String start, @QueryParam("end") String end, @QueryParam("agent") String agent,
            @QueryParam("exporting") String exporting) {
        SandboxCallFilter filter = SandboxCallFilter.of(null, start, end, null, null, agent, null, null);
        return SandboxCallsResource.listed(state, filter, page, limit, exporting);
    }

    @GET
    @Path("/stats")
    public ObjectNode stats(@QueryParam("start") String start, @QueryParam("end") String end) {
        if (start == null || start.isBlank()) {
            throw SandboxError.badRequest("\"start\" is required");
        }
        if (end == null || end.isBlank()) {
            throw SandboxError.badRequest("\"end\" is required");
        }
        SandboxCallFilter filter = SandboxCallFilter.of(null, start, end, null, null, null, null, null);
        List<ObjectNode> calls = state.calls(filter);
        Map<String, Long> byStatus = new TreeMap<>();
        double totalDuration = 0;
        for (ObjectNode call : calls) {
            byStatus.merge(call.path("status").asText(), 1L, Long::sum);
            totalDuration += call.path("duration").asDouble(0);
        }
        long answered = byStatus.getOrDefault("completed", 0L);
        ObjectNode stats = SandboxState.NODES.objectNode();
        stats.put("start", filter.start().toString());
        stats.put("end", filter.end().toString());
        stats.put("total_calls", calls.size());
        stats.put("answered", answered);
        stats.put("missed", byStatus.getOrDefault("missed", 0L));
        stats.put("total_duration", totalDuration);
        stats.put("average_duration", answered == 0 ? 0 : totalDuration / answered);
        ObjectNode statuses = stats.putObject("by_status");
        byStatus.forEach(statuses::put);
        stats.put("generated_at", Instant.now().toString());
        return stats;
    }
}
