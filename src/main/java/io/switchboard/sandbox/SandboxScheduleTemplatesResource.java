package io.switchboard.sandbox;

import static io.switchboard.sandbox.Schema.Kind.ARRAY;
import static io.switchboard.sandbox.Schema.Kind.STRING;

import java.util.Set;

import org.jboss.resteasy.reactive.RestResponse;

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

/** Sandbox {@code /v2/schedule-templates}: create, read, list, update. */
@SandboxBodyLogging.Logged
@Path("/sandbox/v2/schedule-templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SandboxScheduleTemplatesResource {

    static final Schema CREATE = Schema.of(Set.of("name", "schedule"), "name", STRING, "schedule", ARRAY);
    static final Schema UPDATE = CREATE.requiring(Set.of());

    @Inject
    SandboxState state;

    @POST
    public RestResponse<ObjectNode> create(String body) {
        ObjectNode fields = CREATE.parse(body);
        SandboxSchedules.check(fields.get("schedule"));
        return RestResponse.status(RestResponse.Status.CREATED, state.createTemplate(fields));
    }

    @GET
    @Path("/{id}")
    public ObjectNode read(@PathParam("id") String id) {
        return state.template(Query.id(id));
    }

    @GET
    public ObjectNode list(@QueryParam("page") String page) {
        return SandboxPages.of(state.templates(), page, null);
    }

    @PUT
    @Path("/{id}")
    public ObjectNode update(@PathParam("id") String id, String body) {
        long templateId = Query.id(id);
        ObjectNode fields = UPDATE.parse(body);
        SandboxSchedules.check(fields.get("schedule"));
        return state.updateTemplate(templateId, fields);
    }
}
