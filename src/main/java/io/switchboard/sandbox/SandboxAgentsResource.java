package io.switchboard.sandbox;

import static io.switchboard.sandbox.Schema.Kind.NUMBER;
import static io.switchboard.sandbox.Schema.Kind.STRING;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Sandbox {@code /v2/agents/{email}}: read, info, status, update. */
@SandboxBodyLogging.Logged
@Path("/sandbox/v2/agents/{email}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SandboxAgentsResource {

    static final Schema STATUS = Schema.of(Set.of("status"), "status", STRING);
    static final Schema UPDATE = Schema.of(Set.of(), "wrap_up_time", NUMBER, "last_bridge_end", NUMBER);

    @Inject
    SandboxState state;

    @GET
    public ObjectNode read(@PathParam("email") String email) {
        return state.agent(email);
    }

    @GET
    @Path("/info")
    public ObjectNode info(@PathParam("email") String email) {
        return state.agentInfo(email);
    }

    @PUT
    @Path("/status")
    public ObjectNode status(@PathParam("email") String email, String body) {
        ObjectNode fields = STATUS.parse(body);
        if (fields.get("status").asText().isBlank()) {
            throw SandboxError.badRequest("\"status\" is not allowed to be empty");
        }
        return state.updateAgent(email, fields);
    }

    @PUT
    public ObjectNode update(@PathParam("email") String email, String body) {
        return state.updateAgent(email, UPDATE.parse(body));
    }
}
