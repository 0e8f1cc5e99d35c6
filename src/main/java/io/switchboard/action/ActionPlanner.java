package io.switchboard.action;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.snapcall.model.SnapCallOwned;
import io.switchboard.state.KnownState;

/**
 * Turns a resolved action into the request it sends, checking the values its templates
 * produced. The dry run shows these requests; the worker sends them. What the rule says to
 * send goes out as written — a schedule array, button fields, a webhook body are JSON passed
 * through, numbers stay numbers and unknown keys stay — except the fields SnapCall owns
 * ({@link SnapCallOwned}), which a read-modify-write would otherwise send back. {@code buttons} and
 * {@code agents} are the known state (bid → button, email → agent), used for {@code "toggle"}
 * and to tell when nothing would change.
 */
public final class ActionPlanner {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The value a {@code "toggle"} was decided to at its first try, kept in the action's parameters:
     * a retry (after an answer that was lost, when SnapCall may have switched the button already)
     * sends that same value instead of toggling again from a state that may show the first try.
     * Stored when the try is recorded, if it may have reached SnapCall (not after a 429, a refusal
     * or an open circuit: the next try decides again). A sender that dies between sending and
     * recording, or records after its claim was taken over, leaves no decision: the instance that
     * took over decides again from the state it knows.
     */
    public static final String RESOLVED_ACTIVE = "resolved_active";

    private ActionPlanner() {
    }

    /** @throws IllegalArgumentException when a resolved value is not what the action needs */
    public static PlannedRequest plan(ActionSpec action, JsonNode buttons, JsonNode agents) {
        return switch (action.type()) {
            case BUTTON_SET_ACTIVE -> setActive(action, buttons);
            case BUTTON_UPDATE -> {
                String bid = required(action, "button");
                JsonNode fields = action.param("fields");
                if (fields == null || !fields.isObject() || fields.isEmpty()) {
                    throw new IllegalArgumentException("fields must be a non-empty object");
                }
                // A read-modify-write ("{{ buttons[event.button] }}" changed) carries SnapCall's own fields: left out.
                List<String> owned = SnapCallOwned.in(fields);
                ObjectNode body = SnapCallOwned.without((ObjectNode) fields);
                if (body.isEmpty()) {
                    throw new IllegalArgumentException("fields hold only fields SnapCall owns " + owned
                            + ": nothing to update");
                }
                yield new PlannedRequest("PUT", "/v2/buttons/" + bid, body, matches(known(buttons, bid), body),
                        owned.isEmpty() ? null : "left out fields SnapCall owns: " + String.join(", ", owned));
            }
            case AGENT_SET_STATUS -> {
                String email = required(action, "agent");
                ObjectNode body = NODES.objectNode().put("status", required(action, "status"));
                yield new PlannedRequest("PUT", "/v2/agents/" + email + "/status", body,
                        matches(known(agents, email), body), null);
            }
            case AGENT_UPDATE -> {
                String email = required(action, "agent");
                ObjectNode body = NODES.objectNode();
                for (String field : new String[] { "wrap_up_time", "last_bridge_end" }) {
                    JsonNode value = action.param(field);
                    if (value != null && !value.isNull()) {
                        if (value.isNumber()) {
                            body.set(field, value);
                        } else if (value.isTextual() && value.asText().matches("-?\\d+")) {
                            // a number a text template produced ("{{ ... }}" inside a string)
                            body.put(field, Long.parseLong(value.asText()));
                        } else {
                            throw new IllegalArgumentException(field + " must be a number, got " + value);
                        }
                    }
                }
                yield new PlannedRequest("PUT", "/v2/agents/" + email, body, matches(known(agents, email), body), null);
            }
            case SCHEDULE_TEMPLATE_UPDATE -> {
                String id = required(action, "template");
                ObjectNode body = NODES.objectNode();
                if (action.param("name") != null && !action.param("name").isNull()) {
                    body.put("name", action.text("name"));
                }
                JsonNode schedule = action.param("schedule");
                if (schedule != null && !schedule.isNull()) {
                    if (!schedule.isArray()) {
                        throw new IllegalArgumentException("schedule must be an array of {day, open, close}");
                    }
                    body.set("schedule", schedule);
                }
                yield new PlannedRequest("PUT", "/v2/schedule-templates/" + id, body, false, null);
            }
            case WEBHOOK_POST -> {
                JsonNode body = action.param("body");
                yield new PlannedRequest("POST", required(action, "url"), body == null ? NODES.objectNode() : body,
                        false, null);
            }
        };
    }

    static boolean isToggle(JsonNode active) {
        return active != null && active.isTextual() && active.asText().equals("toggle");
    }

    private static PlannedRequest setActive(ActionSpec action, JsonNode buttons) {
        String bid = required(action, "button");
        JsonNode active = action.param("active");
        JsonNode current = known(buttons, bid);
        boolean wanted;
        JsonNode resolved = action.param(RESOLVED_ACTIVE);
        if (isToggle(active) && resolved != null && resolved.isBoolean()) {
            wanted = resolved.booleanValue();
        } else if (isToggle(active)) {
            if (current == null || !current.path("active").isBoolean()) {
                return new PlannedRequest("PUT", "/v2/buttons/" + bid, null, false,
                        "toggle: the button's current state is read from SnapCall when the action is sent");
            }
            wanted = !current.path("active").booleanValue();
        } else if (active != null && active.isBoolean()) {
            wanted = active.booleanValue();
        } else if (active != null && active.isTextual() && (active.asText().equals("true") || active.asText().equals("false"))) {
            wanted = Boolean.parseBoolean(active.asText());
        } else {
            throw new IllegalArgumentException("active must be true, false or \"toggle\", got " + active);
        }
        ObjectNode body = NODES.objectNode().put("active", wanted);
        return new PlannedRequest("PUT", "/v2/buttons/" + bid, body, matches(current, body), null);
    }

    private static String required(ActionSpec action, String param) {
        JsonNode value = action.param(param);
        if (value == null || value.isNull() || (!value.isTextual() && !value.isNumber()) || value.asText().isBlank()) {
            throw new IllegalArgumentException(param + " resolved to " + value + ", not a value");
        }
        String text = value.asText();
        if (text.contains("/") || text.contains("?") || text.contains("#")) {
            if (!param.equals("url")) {
                throw new IllegalArgumentException(param + " must not contain '/', '?' or '#': " + text);
            }
        }
        return text;
    }

    private static JsonNode known(JsonNode state, String key) {
        JsonNode found = state == null ? null : state.get(key);
        return found == null || found.isNull() ? null : found;
    }

    /** True when every field of {@code body} already has that value in {@code current}. */
    static boolean matches(JsonNode current, JsonNode body) {
        if (current == null || body == null || !body.isObject()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode have = current.get(field.getKey());
            if (!KnownState.same(have, field.getValue())) {
                return false;
            }
        }
        return true;
    }
}
