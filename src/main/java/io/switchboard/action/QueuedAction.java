package io.switchboard.action;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A live action as the sender holds it in memory: what the outbox row said when this instance
 * claimed it (with the claim's {@code epoch}, the fencing token its result must carry).
 */
public record QueuedAction(long id, long executionId, ActionSpec spec, int attempts, Instant createdAt,
        Instant nextAttemptAt, long epoch, Instant claimedAt, boolean decidedNow) {

    /** {@code decidedNow}: this try pinned a toggle ({@link #pinned}) that its row does not hold yet. */
    public QueuedAction(long id, long executionId, ActionSpec spec, int attempts, Instant createdAt,
            Instant nextAttemptAt, long epoch, Instant claimedAt) {
        this(id, executionId, spec, attempts, createdAt, nextAttemptAt, epoch, claimedAt, false);
    }

    static QueuedAction of(Action row, Instant claimedAt, ObjectMapper json) {
        return of(row, params(row.params, json), claimedAt);
    }

    /** With the parameters the row's {@code params} column holds, when they are at hand (not read back). */
    static QueuedAction of(Action row, Map<String, JsonNode> params, Instant claimedAt) {
        ActionType type = ActionType.fromWire(row.type).orElseThrow(
                () -> new IllegalStateException("action " + row.id + " has an unknown type " + row.type));
        return new QueuedAction(row.id, row.executionId, new ActionSpec(type, params), row.attempts,
                row.createdAt, row.nextAttemptAt, row.epoch, claimedAt);
    }

    /**
     * This action with a {@code "toggle"} pinned to the value {@code request} sends (see
     * {@link ActionPlanner#RESOLVED_ACTIVE}); itself when there is nothing to pin.
     */
    QueuedAction pinned(PlannedRequest request) {
        if (spec.type() != ActionType.BUTTON_SET_ACTIVE || !ActionPlanner.isToggle(spec.param("active"))
                || spec.param(ActionPlanner.RESOLVED_ACTIVE) != null || request == null || request.body() == null
                || !request.body().path("active").isBoolean()) {
            return this;
        }
        Map<String, JsonNode> params = new LinkedHashMap<>(spec.params());
        params.put(ActionPlanner.RESOLVED_ACTIVE, request.body().get("active"));
        return new QueuedAction(id, executionId, new ActionSpec(spec.type(), params), attempts, createdAt, nextAttemptAt,
                epoch, claimedAt, true);
    }

    /** This action without the decision this try pinned (the try never reached SnapCall). */
    QueuedAction undecided() {
        if (!decidedNow) {
            return this;
        }
        Map<String, JsonNode> params = new LinkedHashMap<>(spec.params());
        params.remove(ActionPlanner.RESOLVED_ACTIVE);
        return new QueuedAction(id, executionId, new ActionSpec(spec.type(), params), attempts, createdAt, nextAttemptAt,
                epoch, claimedAt, false);
    }

    /** The next try, once this one is recorded (with the decision it pinned, if that was kept). */
    QueuedAction retryAt(int attemptsNow, Instant next) {
        return new QueuedAction(id, executionId, spec, attemptsNow, createdAt, next, epoch, claimedAt, false);
    }

    /**
     * Where the request goes: one in flight per target keeps per-target order. Buttons, agents and
     * templates by their id; webhooks by host.
     */
    String target() {
        return switch (spec.type()) {
            case BUTTON_SET_ACTIVE, BUTTON_UPDATE -> "button:" + spec.text("button");
            case AGENT_SET_STATUS, AGENT_UPDATE -> "agent:" + spec.text("agent");
            case SCHEDULE_TEMPLATE_UPDATE -> "template:" + spec.text("template");
            case WEBHOOK_POST -> "webhook:" + host(spec.text("url"));
        };
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (RuntimeException e) {
            return String.valueOf(url);
        }
    }

    private static Map<String, JsonNode> params(String text, ObjectMapper json) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        try {
            json.readTree(text).properties().forEach(e -> params.put(e.getKey(), e.getValue()));
        } catch (JsonProcessingException e) {
            // unreadable parameters: planning refuses the action with a clear error
        }
        return params;
    }
}
