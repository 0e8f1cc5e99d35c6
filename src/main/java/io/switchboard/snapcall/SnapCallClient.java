package io.switchboard.snapcall;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.fasterxml.jackson.databind.JsonNode;


import io.switchboard.Metrics;
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
import io.switchboard.snapcall.model.CallQuery;
import io.switchboard.snapcall.model.CallStats;
import io.switchboard.snapcall.model.Deleted;
import io.switchboard.snapcall.model.DisplayRequest;
import io.switchboard.snapcall.model.Recording;
import io.switchboard.snapcall.model.ScheduleTemplate;
import io.switchboard.snapcall.model.SnapCallPage;
import io.switchboard.snapcall.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the rest of Switchboard calls to reach SnapCall. Every failure leaves here as a
 * {@link SnapCallException}: HTTP errors are typed by {@link SnapCallErrors}, and timeouts,
 * dropped connections and unreadable answers become {@link SnapCallException.Transient}. Lists
 * and the pollers' reads are decoded by {@link SnapCallReader} once the request is through the
 * breaker, so an answer we cannot read never counts as SnapCall failing.
 * Retries are the caller's business (the action sender retries from its outbox, pollers back off);
 * every request passes the shared {@link SnapCallBreaker}. The pollers' reads block; the
 * sender's writes do not.
 */
@ApplicationScoped
public class SnapCallClient {

    @Inject
    SnapCallApi api;

    @Inject
    Metrics metrics;

    @Inject
    SnapCallBreaker breaker;

    @Inject
    SnapCallReader reader;

    public Button createButton(Button button) {
        return call("POST /v2/buttons", () -> api.createButton(button));
    }

    public BatchResult createButtons(ButtonBatch batch) {
        return call("POST /v2/buttons/batch", () -> api.createButtons(batch));
    }

    public ButtonInfo buttonInfo(String bid) {
        return call("GET /v2/buttons/{bid}/info", () -> api.buttonInfo(bid));
    }

    public Button getButton(String bid) {
        return call("GET /v2/buttons/{bid}", () -> api.getButton(bid));
    }

    public SnapCallPage<Button> listButtons(Integer page, Integer limit, String name, String agent, Boolean active) {
        String endpoint = "GET /v2/buttons";
        return reader.page(endpoint, call(endpoint, () -> api.listButtons(page, limit, name, agent, active)),
                Button.class, "bid");
    }

    /** Sends {@code fields} without what SnapCall owns, so a button read, changed and sent back works. */
    public Button updateButton(String bid, Button fields) {
        return call("PUT /v2/buttons/{bid}", () -> api.updateButton(bid, fields.forUpdate()));
    }

    public BatchResult updateButtons(ButtonBatch batch) {
        return call("PUT /v2/buttons/batch", () -> api.updateButtons(batch));
    }

    public Call getCall(String id) {
        return readCall(id).value();
    }

    /** A call, with what could not be read in it. */
    public SnapCallRead<Call> readCall(String id) {
        String endpoint = "GET /v2/calls/{id}";
        return reader.one(endpoint, call(endpoint, () -> api.getCall(id)), Call.class, "call " + id);
    }

    public SnapCallPage<Call> listCalls(CallQuery q) {
        String endpoint = "GET /v2/calls";
        return reader.page(endpoint, call(endpoint, () -> api.listCalls(q.page(), q.limit(), q.rate(), q.start(), q.end(),
                q.button(), q.status(), q.agent(), q.client(), q.ani(), q.exporting())), Call.class, "id");
    }

    public Deleted deleteRecording(String callId) {
        return call("DELETE /v2/calls/{id}/recording", () -> api.deleteRecording(callId));
    }

    public Recording getRecording(String callId) {
        return call("GET /v2/calls/{id}/recording", () -> api.getRecording(callId));
    }

    public ScheduleTemplate createScheduleTemplate(ScheduleTemplate template) {
        return call("POST /v2/schedule-templates", () -> api.createScheduleTemplate(template));
    }

    public ScheduleTemplate getScheduleTemplate(String id) {
        return call("GET /v2/schedule-templates/{id}", () -> api.getScheduleTemplate(id));
    }

    public SnapCallPage<ScheduleTemplate> listScheduleTemplates(Integer page) {
        String endpoint = "GET /v2/schedule-templates";
        return reader.page(endpoint, call(endpoint, () -> api.listScheduleTemplates(page)), ScheduleTemplate.class, "id");
    }

    /** Sends {@code template} without what SnapCall owns; its {@code schedule} goes out as it is. */
    public ScheduleTemplate updateScheduleTemplate(String id, ScheduleTemplate template) {
        return call("PUT /v2/schedule-templates/{id}", () -> api.updateScheduleTemplate(id, template.forUpdate()));
    }

    public Agent getAgent(String email) {
        return readAgent(email).value();
    }

    /** An agent, with what could not be read in it. */
    public SnapCallRead<Agent> readAgent(String email) {
        String endpoint = "GET /v2/agents/{email}";
        return reader.one(endpoint, call(endpoint, () -> api.getAgent(email)), Agent.class, "agent " + email);
    }

    public AgentInfo agentInfo(String email) {
        return call("GET /v2/agents/{email}/info", () -> api.agentInfo(email));
    }

    public Agent setAgentStatus(String email, String status) {
        return call("PUT /v2/agents/{email}/status", () -> api.setAgentStatus(email, new AgentStatus(status)));
    }

    public Agent updateAgent(String email, AgentUpdate update) {
        return call("PUT /v2/agents/{email}", () -> api.updateAgent(email, update));
    }

    public ActivatedAccount activateAccount(AccountActivation activation) {
        return call("POST /v2/partner/activate-account", () -> api.activateAccount(activation));
    }

    public AgentButton agentButton(AgentButtonRequest request) {
        return call("POST /v2/partner/agent-button", () -> api.agentButton(request));
    }

    public Call getPartnerCall(String id) {
        return call("GET /v2/partner/calls/{id}", () -> api.getPartnerCall(id));
    }

    public SnapCallPage<Call> listPartnerCalls(CallQuery q) {
        String endpoint = "GET /v2/partner/calls";
        return reader.page(endpoint, call(endpoint, () -> api.listPartnerCalls(q.page(), q.limit(), q.start(), q.end(),
                q.agent(), q.exporting())), Call.class, "id");
    }

    public CallStats stats(Instant start, Instant end) {
        return call("GET /v2/partner/stats", () -> api.stats(start, end));
    }

    public Button displayedButton(String userId, DisplayRequest request) {
        return call("POST /v2/users/{id}/button", () -> api.displayedButton(userId, request));
    }

    public User me() {
        return call("GET /v2/users/me", api::me);
    }

    // Non-blocking writes for the action sender: what it planned goes out as JSON, SnapCall's answer comes back as JSON.

    public CompletionStage<JsonNode> putButton(String bid, JsonNode fields) {
        return send("PUT /v2/buttons/{bid}", () -> api.putButton(bid, fields));
    }

    public CompletionStage<JsonNode> putButtons(JsonNode batch) {
        return send("PUT /v2/buttons/batch", () -> api.putButtons(batch));
    }

    public CompletionStage<JsonNode> fetchButton(String bid) {
        return send("GET /v2/buttons/{bid}", () -> api.fetchButton(bid));
    }

    public CompletionStage<JsonNode> putAgentStatus(String email, JsonNode status) {
        return send("PUT /v2/agents/{email}/status", () -> api.putAgentStatus(email, status));
    }

    public CompletionStage<JsonNode> putAgent(String email, JsonNode fields) {
        return send("PUT /v2/agents/{email}", () -> api.putAgent(email, fields));
    }

    public CompletionStage<JsonNode> putScheduleTemplate(String id, JsonNode fields) {
        return send("PUT /v2/schedule-templates/{id}", () -> api.putScheduleTemplate(id, fields));
    }

    private <T> T call(String endpoint, Supplier<T> request) {
        try {
            return send(endpoint, () -> {
                try {
                    return CompletableFuture.completedFuture(request.get());
                } catch (RuntimeException failure) {
                    return CompletableFuture.failedFuture(failure);
                }
            }).toCompletableFuture().join();
        } catch (CompletionException failure) {
            throw (SnapCallException) failure.getCause();
        }
    }

    /** Every request, blocking or not, passes the breaker and leaves as a {@link SnapCallException} when it fails. */
    private <T> CompletionStage<T> send(String endpoint, Supplier<CompletionStage<T>> request) {
        long started = System.nanoTime();
        CompletionStage<T> answer;
        try {
            answer = breaker.call(() -> {
                try {
                    return request.get().exceptionallyCompose(failure -> CompletableFuture.failedFuture(typed(failure)));
                } catch (RuntimeException failure) {
                    return CompletableFuture.failedFuture(typed(failure));
                }
            });
        } catch (RuntimeException failure) {
            answer = CompletableFuture.failedFuture(failure);
        }
        return answer.handle((value, failure) -> {
            SnapCallException error = failure == null ? null : typed(failure);
            String status = error == null ? "2xx" : error instanceof SnapCallException.CircuitOpen ? "circuit_open"
                    : error.status() == 0 ? "none" : String.valueOf(error.status());
            metrics.snapCallRequest(endpoint, status, Duration.ofNanos(System.nanoTime() - started));
            if (error != null) {
                throw new CompletionException(error);
            }
            return value;
        });
    }

    private static SnapCallException typed(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SnapCallException typed) {
            return typed;
        }
        if (cause instanceof CircuitBreakerOpenException) {
            return new SnapCallException.CircuitOpen("SnapCall circuit open: too many recent failures, not calling for now");
        }
        return transientFrom(cause);
    }

    /** Names the kind of failure without echoing request details (headers carry the key). */
    private static SnapCallException.Transient transientFrom(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = root.getClass().getSimpleName();
        String reason = switch (kind) {
            case "NoStackTraceTimeoutException", "TimeoutException", "SocketTimeoutException" -> "no answer in time";
            case "ConnectException" -> "connection refused";
            case "HttpClosedException", "ClosedChannelException", "VertxException" -> "connection closed";
            default -> root instanceof com.fasterxml.jackson.core.JsonProcessingException ? "unreadable answer" : kind;
        };
        return new SnapCallException.Transient(0, "SnapCall unreachable: " + reason, null);
    }
}
