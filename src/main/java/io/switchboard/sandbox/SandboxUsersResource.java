package io.switchboard.sandbox;

import static io.switchboard.sandbox.Schema.Kind.NUMBER;
import static io.switchboard.sandbox.Schema.Kind.STRING;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Sandbox {@code /v2/users}: the authenticated user, and the button a visitor's page should show. */
@SandboxBodyLogging.Logged
@Path("/sandbox/v2/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SandboxUsersResource {

    static final Schema DISPLAY = Schema.of(Set.of("referer"), "referer", STRING, "cart_value", NUMBER);

    @Inject
    SandboxState state;

    @GET
    @Path("/me")
    public ObjectNode me() {
        return state.user();
    }

    @POST
    @Path("/{id}/button")
    public ObjectNode button(@PathParam("id") String id, String body) {
        ObjectNode fields = DISPLAY.parse(body);
        return state.displayedButton(Query.id(id), fields.get("referer").asText(),
                fields.path("cart_value").asDouble(0));
    }
}
