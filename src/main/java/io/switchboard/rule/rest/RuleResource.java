package io.switchboard.rule.rest;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.auth.Roles;
import io.switchboard.rule.DryRun;
import io.switchboard.rule.RuleService;
import io.switchboard.rule.RuleView;
import io.switchboard.web.Page;
import io.switchboard.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Rules CRUD, switching, validation and dry runs. Bodies are read as JSON trees so every fault
 * can be named. Any key reads, validates and dry-runs; changes need an admin key.
 */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
@SecurityRequirement(name = "apiKey")
@RolesAllowed(Roles.VIEWER)
public class RuleResource {

    static final String EXAMPLE = """
            {"name": "Pause support when Alice goes offline",
             "trigger": {"type": "agent.status_changed"},
             "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
             "for": "PT2M", "cooldown": "PT5M",
             "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""";

    @Inject
    RuleService rules;

    @GET
    @Operation(summary = "List rules", description = "Paginated (page from 0), filterable by enabled, trigger type and name.")
    public Page<RuleView> list(@BeanParam PageParams at,
            @QueryParam("enabled") Boolean enabled, @QueryParam("trigger") String trigger,
            @QueryParam("name") String name) {
        return rules.list(at.page(), at.size(), enabled, trigger, name);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(summary = "Create a rule", description = "The rule is validated and its CEL compiled; nothing invalid is stored.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid rule: every field at fault, with the reason")
    @APIResponse(responseCode = "409", description = "A rule of that name exists")
    public RestResponse<RuleView> create(@RequestBody(content = @Content(examples = @ExampleObject(name = "rule",
            value = EXAMPLE))) JsonNode body) {
        RuleView created = rules.create(body);
        return RestResponse.ResponseBuilder.<RuleView> created(URI.create("/api/rules/" + created.id()))
                .entity(created).build();
    }

    @GET
    @Path("/{id}")
    public RuleView get(@PathParam("id") long id) {
        return rules.get(id);
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a rule", description = "Send back the version you read; a stale version gets 409.")
    public RuleView update(@PathParam("id") long id, JsonNode body) {
        return rules.update(id, body);
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("/{id}")
    public RestResponse<Void> delete(@PathParam("id") long id) {
        rules.delete(id);
        return RestResponse.noContent();
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/enable")
    public RuleView enable(@PathParam("id") long id) {
        return rules.setEnabled(id, true);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/disable")
    public RuleView disable(@PathParam("id") long id) {
        return rules.setEnabled(id, false);
    }

    @POST
    @Path("/validate")
    @Operation(summary = "Check a rule without saving it", description = "Answers the canonical rule, or 400 with every fault.")
    public JsonNode validate(JsonNode body) {
        return rules.validate(body);
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Dry run a stored rule", description = """
            Body: {"event": {...}, "state": {"agents": {...}, "buttons": {...}, "calls": [...]}, "now": "..."}; \
            state and now are optional. Answers the trace and the exact requests the actions would send; nothing is sent.""")
    public DryRun test(@PathParam("id") long id, JsonNode body) {
        return rules.test(id, body);
    }

    @POST
    @Path("/test")
    @Operation(summary = "Dry run an unsaved rule", description = "Body: {\"rule\": {...}, \"event\": {...}, \"state\": {...}}.")
    public DryRun testUnsaved(JsonNode body) {
        return rules.test(body);
    }
}
