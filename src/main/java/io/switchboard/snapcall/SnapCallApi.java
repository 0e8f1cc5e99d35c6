package io.switchboard.snapcall;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.snapcall.model.AccountActivation;
import io.switchboard.snapcall.model.ActivatedAccount;
import io.switchboard.snapcall.model.Agent;
import io.switchboard.snapcall.model.AgentButton;
import io.switchboard.snapcall.model.AgentButtonRequest;
import io.switchboard.snapcall.model.AgentInfo;
import io.switchboard.snapcall.model.AgentStatus;
import io.switchboard.snapcall.model.AgentUpdate;
import io.switchboard.snapcall.model.BatchResult;
import io.switchboard.snapcall.model.Button;
import io.switchboard.snapcall.model.ButtonBatch;
import io.switchboard.snapcall.model.ButtonInfo;
import io.switchboard.snapcall.model.Call;
import io.switchboard.snapcall.model.CallStats;
import io.switchboard.snapcall.model.Deleted;
import io.switchboard.snapcall.model.DisplayRequest;
import io.switchboard.snapcall.model.Recording;
import io.switchboard.snapcall.model.ScheduleTemplate;
import io.switchboard.snapcall.model.User;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The 26 endpoints of the SnapCall REST API v2, as the reference lists them. Built by
 * {@link SnapCallApiProducer}; callers use {@link SnapCallClient}, which maps failures to
 * {@link SnapCallException}s. Each endpoint takes the account's key unless its
 * {@link Credential.Use} says otherwise (partner endpoints, public endpoints).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SnapCallApi {

    // Buttons

    @POST
    @Path("/buttons")
    Button createButton(Button button);

    @POST
    @Path("/buttons/batch")
    BatchResult createButtons(ButtonBatch batch);

    /** Public: the reference's samples send no key (a visitor's page calls it). */
    @Credential.Use(Credential.NONE)
    @GET
    @Path("/buttons/{bid}/info")
    ButtonInfo buttonInfo(@PathParam("bid") String bid);

    @GET
    @Path("/buttons/{bid}")
    Button getButton(@PathParam("bid") String bid);

    // Lists and the reads the pollers make answer the raw body: SnapCallReader decodes it
    // tolerantly, after the circuit breaker (an unreadable answer is not SnapCall being down).

    @GET
    @Path("/buttons")
    String listButtons(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
            @QueryParam("name") String name, @QueryParam("agent") String agent,
            @QueryParam("active") Boolean active);

    @PUT
    @Path("/buttons/{bid}")
    Button updateButton(@PathParam("bid") String bid, Button fields);

    @PUT
    @Path("/buttons/batch")
    BatchResult updateButtons(ButtonBatch batch);

    // Calls

    @GET
    @Path("/calls/{id}")
    String getCall(@PathParam("id") String id);

    @GET
    @Path("/calls")
    String listCalls(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
            @QueryParam("rate") String rate, @QueryParam("start") Instant start, @QueryParam("end") Instant end,
            @QueryParam("button") String button, @QueryParam("status") String status,
            @QueryParam("agent") String agent, @QueryParam("client") String client, @QueryParam("ani") String ani,
            @QueryParam("exporting") Boolean exporting);

    @DELETE
    @Path("/calls/{id}/recording")
    Deleted deleteRecording(@PathParam("id") String id);

    @GET
    @Path("/calls/{id}/recording")
    Recording getRecording(@PathParam("id") String id);

    // Schedule templates

    @POST
    @Path("/schedule-templates")
    ScheduleTemplate createScheduleTemplate(ScheduleTemplate template);

    @GET
    @Path("/schedule-templates/{id}")
    ScheduleTemplate getScheduleTemplate(@PathParam("id") String id);

    @GET
    @Path("/schedule-templates")
    String listScheduleTemplates(@QueryParam("page") Integer page);

    @PUT
    @Path("/schedule-templates/{id}")
    ScheduleTemplate updateScheduleTemplate(@PathParam("id") String id, ScheduleTemplate template);

    // Agents

    @GET
    @Path("/agents/{email}")
    String getAgent(@PathParam("email") String email);

    @GET
    @Path("/agents/{email}/info")
    AgentInfo agentInfo(@PathParam("email") String email);

    @PUT
    @Path("/agents/{email}/status")
    Agent setAgentStatus(@PathParam("email") String email, AgentStatus status);

    @PUT
    @Path("/agents/{email}")
    Agent updateAgent(@PathParam("email") String email, AgentUpdate update);

    // Partner

    /** "Authentication should be done using partner account api_key." */
    @Credential.Use(Credential.PARTNER)
    @POST
    @Path("/partner/activate-account")
    ActivatedAccount activateAccount(AccountActivation activation);

    /** "Authentication should be done using user api_key." */
    @Credential.Use(Credential.ACCOUNT)
    @POST
    @Path("/partner/agent-button")
    AgentButton agentButton(AgentButtonRequest request);

    /** The reference names no key here: the partner's when one is set. */
    @Credential.Use(Credential.PARTNER)
    @GET
    @Path("/partner/calls/{id}")
    Call getPartnerCall(@PathParam("id") String id);

    @Credential.Use(Credential.PARTNER)
    @GET
    @Path("/partner/calls")
    String listPartnerCalls(@QueryParam("page") Integer page, @QueryParam("limit") Integer limit,
            @QueryParam("start") Instant start, @QueryParam("end") Instant end, @QueryParam("agent") String agent,
            @QueryParam("exporting") Boolean exporting);

    @Credential.Use(Credential.PARTNER)
    @GET
    @Path("/partner/stats")
    CallStats stats(@QueryParam("start") Instant start, @QueryParam("end") Instant end);

    // Users

    /** Public: the reference's samples send no key (a visitor's page calls it). */
    @Credential.Use(Credential.NONE)
    @POST
    @Path("/users/{id}/button")
    Button displayedButton(@PathParam("id") String userId, DisplayRequest request);

    @GET
    @Path("/users/me")
    User me();

    // Writes the action sender makes: non-blocking, and the JSON goes out as the action planned it.

    @PUT
    @Path("/buttons/{bid}")
    CompletionStage<JsonNode> putButton(@PathParam("bid") String bid, JsonNode fields);

    @PUT
    @Path("/buttons/batch")
    CompletionStage<JsonNode> putButtons(JsonNode batch);

    @GET
    @Path("/buttons/{bid}")
    CompletionStage<JsonNode> fetchButton(@PathParam("bid") String bid);

    @PUT
    @Path("/agents/{email}/status")
    CompletionStage<JsonNode> putAgentStatus(@PathParam("email") String email, JsonNode status);

    @PUT
    @Path("/agents/{email}")
    CompletionStage<JsonNode> putAgent(@PathParam("email") String email, JsonNode fields);

    @PUT
    @Path("/schedule-templates/{id}")
    CompletionStage<JsonNode> putScheduleTemplate(@PathParam("id") String id, JsonNode fields);
}
