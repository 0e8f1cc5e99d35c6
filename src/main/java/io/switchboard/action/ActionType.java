package io.switchboard.action;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule can do, and the parameters each action takes. A string parameter may be a
 * template ({@code "{{ event.button }}"}); its value is then checked when the action runs.
 */
public enum ActionType {

    BUTTON_SET_ACTIVE("button.set_active", params("button", Kind.STRING, true, "active", Kind.BOOLEAN_OR_TOGGLE, true)),
    BUTTON_UPDATE("button.update", params("button", Kind.STRING, true, "fields", Kind.BUTTON_FIELDS, true)),
    AGENT_SET_STATUS("agent.set_status", params("agent", Kind.STRING, true, "status", Kind.STRING, true)),
    AGENT_UPDATE("agent.update", params("agent", Kind.STRING, true, "wrap_up_time", Kind.NUMBER, false,
            "last_bridge_end", Kind.NUMBER, false)),
    SCHEDULE_TEMPLATE_UPDATE("schedule_template.update", params("template", Kind.STRING_OR_NUMBER, true,
            "name", Kind.STRING, false, "schedule", Kind.ARRAY, false)),
    WEBHOOK_POST("webhook.post", params("url", Kind.URL, true, "body", Kind.ANY, false));

    /** Button fields SnapCall lets us update ({@code agent} is not one of them). */
    public static final Set<String> UPDATABLE_BUTTON_FIELDS = Set.of("name", "brand", "call_id",
            "schedule_template_id", "timezone", "caller_id", "config", "display_page", "cart_value", "active");

    public enum Kind {
        STRING, NUMBER, STRING_OR_NUMBER, ARRAY, ANY, BOOLEAN_OR_TOGGLE,
        /** An object whose keys are {@link #UPDATABLE_BUTTON_FIELDS}. */
        BUTTON_FIELDS,
        /** A literal http(s) URL on an allow-listed host: never a template. */
        URL
    }

    public record Param(Kind kind, boolean required) {
    }

    private final String wire;
    private final Map<String, Param> params;

    ActionType(String wire, Map<String, Param> params) {
        this.wire = wire;
        this.params = params;
    }

    public String wire() {
        return wire;
    }

    public Map<String, Param> params() {
        return params;
    }

    /** Optional parameters of which at least one must be given (nothing to change otherwise). */
    public List<String> atLeastOneOf() {
        return switch (this) {
            case AGENT_UPDATE -> List.of("wrap_up_time", "last_bridge_end");
            case SCHEDULE_TEMPLATE_UPDATE -> List.of("name", "schedule");
            default -> List.of();
        };
    }

    public static Optional<ActionType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ActionType::wire).toList();
    }

    private static Map<String, Param> params(Object... triples) {
        Map<String, Param> out = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            out.put((String) triples[i], new Param((Kind) triples[i + 1], (Boolean) triples[i + 2]));
        }
        return out;
    }
}
