package io.switchboard.sandbox;

import static io.switchboard.sandbox.Schema.Kind.ALTERNATIVES;
import static io.switchboard.sandbox.Schema.Kind.ARRAY;
import static io.switchboard.sandbox.Schema.Kind.BOOLEAN;
import static io.switchboard.sandbox.Schema.Kind.NUMBER;
import static io.switchboard.sandbox.Schema.Kind.OBJECT;
import static io.switchboard.sandbox.Schema.Kind.STRING;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Sandbox {@code /v2/buttons}: create (one or a batch), read, list with filters, update (one or a batch), info. */
@SandboxBodyLogging.Logged
@Path("/sandbox/v2/buttons")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SandboxButtonsResource {

    static final Schema CREATE = Schema.of(Set.of("name"), "name", STRING, "brand", STRING, "call_id", ALTERNATIVES,
            "agent", STRING, "schedule_template_id", NUMBER, "timezone", STRING, "caller_id", ALTERNATIVES,
            "config", OBJECT, "display_page", STRING, "cart_value", NUMBER, "active", BOOLEAN);
    static final Schema UPDATE = CREATE.without("agent").requiring(Set.of());
    static final Schema BATCH = Schema.of(Set.of("buttons"), "buttons", ARRAY);
    static final Schema BATCH_UPDATE_ITEM = UPDATE.plus("bid", ALTERNATIVES).requiring(Set.of("bid"));

    @Inject
    SandboxState state;

    @POST
    public RestResponse<ObjectNode> create(String body) {
        return RestResponse.status(RestResponse.Status.CREATED, state.createButton(CREATE.parse(body)));
    }

    @POST
    @Path("/batch")
    public RestResponse<ObjectNode> createBatch(String body) {
        List<ObjectNode> buttons = new ArrayList<>();
        for (JsonNode item : BATCH.parse(body).get("buttons")) {
            buttons.add(CREATE.check(item));
        }
        ObjectNode answer = SandboxState.NODES.objectNode();
        answer.set("data", state.createButtons(buttons));
        return RestResponse.status(RestResponse.Status.CREATED, answer);
    }

    @GET
    @Path("/{bid}/info")
    public ObjectNode info(@PathParam("bid") String bid) {
        return state.buttonInfo(bid);
    }

    @GET
    @Path("/{bid}")
    public ObjectNode read(@PathParam("bid") String bid) {
        return state.button(bid);
    }

    @GET
    public ObjectNode list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("name") String name, @QueryParam("agent") String agent, @QueryParam("active") String active) {
        Boolean wanted = Query.bool("active", active);
        String needle = name == null ? null : name.toLowerCase();
        return SandboxPages.of(state.buttons(b -> (needle == null || b.path("name").asText().toLowerCase().contains(needle))
                && (agent == null || agent.equals(b.path("agent").asText()))
                && (wanted == null || wanted == b.path("active").asBoolean())), page, limit);
    }

    @PUT
    @Path("/{bid}")
    public ObjectNode update(@PathParam("bid") String bid, String body) {
        return state.updateButton(bid, UPDATE.parse(body));
    }

    @PUT
    @Path("/batch")
    public ObjectNode updateBatch(String body) {
        Map<String, ObjectNode> changes = new LinkedHashMap<>();
        for (JsonNode button : BATCH.parse(body).get("buttons")) {
            ObjectNode fields = BATCH_UPDATE_ITEM.check(button);
            changes.put(fields.remove("bid").asText(), fields);
        }
        ObjectNode answer = SandboxState.NODES.objectNode();
        answer.set("data", state.updateButtons(changes));
        return answer;
    }
}
