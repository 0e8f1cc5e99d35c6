package io.switchboard.action;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.SnapCallException;
import io.switchboard.snapcall.model.AgentUpdate;
import io.switchboard.snapcall.model.Button;
import io.switchboard.snapcall.model.ButtonBatch;
import io.switchboard.snapcall.model.ScheduleTemplate;
import io.switchboard.state.KnownState;
import io.switchboard.state.StateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends claimed actions to SnapCall. Before sending it asks the known state: when it is fresh
 * (read within {@code switchboard.state.max-age}) and already as wanted, nothing is sent
 * ({@code no_change}). Several {@code button.set_active} due together go out as one batch.
 * After a success the known state takes SnapCall's answer, so pollers see no foreign change.
 */
@ApplicationScoped
public class ActionSender {

    /** How long an action waits when SnapCall's circuit is open (the breaker itself decides when to try again). */
    static final java.time.Duration CIRCUIT_WAIT = java.time.Duration.ofSeconds(2);

    @Inject
    SnapCallClient snapCall;

    @Inject
    KnownState state;

    @Inject
    StateConfig stateConfig;

    @Inject
    WebhookPoster webhooks;

    @Inject
    ObjectMapper json;

    /** One action ready to go: what it asks for, and the request that does it. */
    private record Prepared(Action action, ActionSpec spec, PlannedRequest request) {
    }

    /**
     * One worker round: each action's result, and what SnapCall told us meanwhile — recorded
     * with the attempts in one transaction, and already seen by the later actions of the round.
     */
    public static final class Round {
        final Map<Long, SendResult> results = new LinkedHashMap<>();
        final Map<String, StateUpdate> updates = new LinkedHashMap<>();

        public Map<Long, SendResult> results() {
            return results;
        }

        public List<StateUpdate> updates() {
            return List.copyOf(updates.values());
        }

        void learn(String kind, String key, JsonNode data) {
            updates.put(kind + "/" + key, new StateUpdate(kind, key, data));
        }

        JsonNode learned(String kind, String key) {
            StateUpdate update = updates.get(kind + "/" + key);
            return update == null ? null : update.data();
        }
    }

    /**
     * Sends every claimed action; the result of each, by action id, in claim order. Actions not
     * sent in the batch are planned again just before they go, against the state the previous
     * ones left — so a second "switch it off" finds it off and sends nothing.
     */
    public Round sendAll(List<Action> claimed) {
        Round round = new Round();
        Map<Long, SendResult> results = round.results;
        Map<String, Prepared> batch = new LinkedHashMap<>();
        List<Action> oneByOne = new ArrayList<>();
        for (Action action : claimed) {
            Optional<Prepared> prepared = prepare(action, round);
            if (prepared.isEmpty()) {
                continue;
            }
            String bid = prepared.get().spec().text("button");
            if (isBatchable(prepared.get()) && !batch.containsKey(bid)) {
                batch.put(bid, prepared.get());
            } else {
                oneByOne.add(action);
            }
        }
        if (batch.size() > 1) {
            results.putAll(sendBatch(new ArrayList<>(batch.values()), round));
        } else {
            batch.values().forEach(p -> oneByOne.add(0, p.action()));
        }
        for (Action action : oneByOne) {
            prepare(action, round).ifPresent(p -> results.put(action.id, send(p, round)));
        }
        return round;
    }

    /** Plans an action; when it needs no request, or cannot be made, its result is recorded instead. */
    private Optional<Prepared> prepare(Action action, Round round) {
        Map<Long, SendResult> results = round.results;
        try {
            Prepared prepared = prepare(action, round, true);
            if (prepared.request().expectedNoChange()) {
                results.put(action.id, SendResult.noChange(prepared.request().method(), prepared.request().target(),
                        "known state already matches"));
                return Optional.empty();
            }
            return Optional.of(prepared);
        } catch (IllegalArgumentException e) {
            results.put(action.id, SendResult.refused(null, null, 0, e.getMessage()));
        } catch (SnapCallException e) {
            results.put(action.id, failure(null, null, e));
        }
        return Optional.empty();
    }

    private Prepared prepare(Action action, Round round, boolean mayRead) {
        ActionType type = ActionType.fromWire(action.type)
                .orElseThrow(() -> new IllegalArgumentException("unknown action type " + action.type));
        ActionSpec spec = new ActionSpec(type, params(action.params));
        PlannedRequest request = ActionPlanner.plan(spec, fresh(KnownState.BUTTON, round), fresh(KnownState.AGENT, round));
        if (request.body() == null && type == ActionType.BUTTON_SET_ACTIVE && mayRead) {
            // "toggle" without a fresh state: read the button first, then decide.
            String bid = spec.text("button");
            round.learn(KnownState.BUTTON, bid, json.valueToTree(snapCall.getButton(bid)));
            return prepare(action, round, false);
        }
        return new Prepared(action, spec, request);
    }

    private static boolean isBatchable(Prepared prepared) {
        return prepared.spec().type() == ActionType.BUTTON_SET_ACTIVE && prepared.request().body() != null;
    }

    private Map<Long, SendResult> sendBatch(List<Prepared> batch, Round round) {
        List<Button> buttons = batch.stream()
                .map(p -> Button.activeOnly(p.spec().text("button"), p.request().body().path("active").asBoolean()))
                .toList();
        Map<Long, SendResult> results = new LinkedHashMap<>();
        try {
            var answer = snapCall.updateButtons(new ButtonBatch(buttons));
            answer.data().forEach(b -> round.learn(KnownState.BUTTON, b.bid(), json.valueToTree(b)));
            batch.forEach(p -> results.put(p.action().id, SendResult.succeeded("PUT", "/v2/buttons/batch")));
        } catch (SnapCallException e) {
            batch.forEach(p -> results.put(p.action().id, failure("PUT", "/v2/buttons/batch", e)));
        }
        return results;
    }

    private SendResult send(Prepared prepared, Round round) {
        PlannedRequest request = prepared.request();
        ActionSpec spec = prepared.spec();
        if (spec.type() == ActionType.WEBHOOK_POST) {
            return webhooks.post(request.target(), request.body());
        }
        try {
            switch (spec.type()) {
                case BUTTON_SET_ACTIVE, BUTTON_UPDATE -> {
                    Button fields = json.treeToValue(request.body(), Button.class);
                    Button updated = snapCall.updateButton(spec.text("button"), fields);
                    round.learn(KnownState.BUTTON, spec.text("button"), merged(KnownState.BUTTON, spec.text("button"),
                            json.valueToTree(updated), request.body(), round));
                }
                case AGENT_SET_STATUS -> {
                    var agent = snapCall.setAgentStatus(spec.text("agent"), request.body().path("status").asText());
                    round.learn(KnownState.AGENT, spec.text("agent"), merged(KnownState.AGENT, spec.text("agent"),
                            json.valueToTree(agent), request.body(), round));
                }
                case AGENT_UPDATE -> {
                    var agent = snapCall.updateAgent(spec.text("agent"), json.treeToValue(request.body(), AgentUpdate.class));
                    round.learn(KnownState.AGENT, spec.text("agent"), merged(KnownState.AGENT, spec.text("agent"),
                            json.valueToTree(agent), request.body(), round));
                }
                case SCHEDULE_TEMPLATE_UPDATE -> snapCall.updateScheduleTemplate(spec.text("template"),
                        json.treeToValue(request.body(), ScheduleTemplate.class));
                case WEBHOOK_POST -> throw new IllegalStateException("handled above");
            }
            return SendResult.succeeded(request.method(), request.target());
        } catch (SnapCallException e) {
            return failure(request.method(), request.target(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return SendResult.refused(request.method(), request.target(), 0, "cannot build the request: " + e.getMessage());
        }
    }

    private static SendResult failure(String method, String target, SnapCallException e) {
        if (e instanceof SnapCallException.CircuitOpen) {
            return SendResult.deferred(method, target, e.getMessage(), CIRCUIT_WAIT);
        }
        if (e instanceof SnapCallException.RateLimited limited) {
            return SendResult.retry(method, target, 429, e.getMessage(), limited.retryAfter().orElse(null));
        }
        return e.retryable() ? SendResult.retry(method, target, e.status(), e.getMessage(), null)
                : SendResult.refused(method, target, e.status(), e.getMessage());
    }

    /** SnapCall's answer may be partial: keep what we knew, overlay what we set and what it said. */
    private JsonNode merged(String kind, String key, JsonNode answer, JsonNode sent, Round round) {
        JsonNode learned = round.learned(kind, key);
        KnownState.Item known = state.all(kind).get(key);
        JsonNode base = learned != null ? learned : known == null ? null : known.data();
        ObjectNode out = base == null ? json.createObjectNode() : (ObjectNode) base.deepCopy();
        if (sent != null && sent.isObject()) {
            out.setAll((ObjectNode) sent);
        }
        if (answer != null && answer.isObject()) {
            answer.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        }
        return out;
    }

    /** Known items of a kind that are fresh enough to trust for skipping requests, with what this round learned. */
    private ObjectNode fresh(String kind, Round round) {
        ObjectNode out = json.createObjectNode();
        Instant now = Instant.now();
        state.all(kind).forEach((key, item) -> {
            if (item.freshAt(now, stateConfig.maxAge())) {
                out.set(key, item.data());
            }
        });
        round.updates.values().stream().filter(u -> u.kind().equals(kind)).forEach(u -> out.set(u.key(), u.data()));
        return out;
    }

    private Map<String, JsonNode> params(String text) {
        try {
            Map<String, JsonNode> params = new LinkedHashMap<>();
            json.readTree(text).properties().forEach(e -> params.put(e.getKey(), e.getValue()));
            return params;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable parameters");
        }
    }
}
