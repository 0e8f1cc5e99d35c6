package io.switchboard.rule;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What makes a rule a candidate for an event: the event's type (see DESIGN.md, "Triggers"),
 * and the fields such an event carries (DESIGN.md, "Event fields") — offered by the console's
 * condition editor.
 */
public enum TriggerType {
    CALL_CREATED("call.created", "call", "status", "button", "agent"),
    CALL_UPDATED("call.updated", "call", "status", "previous", "button", "agent"),
    AGENT_STATUS_CHANGED("agent.status_changed", "agent", "status", "previous"),
    BUTTON_UPDATED("button.updated", "button", "active", "changes"),
    SCHEDULE("schedule", "scheduled_at", "rule"),
    WEBHOOK("webhook", "source", "payload");

    /** Fields every event has, whatever its trigger. */
    public static final List<String> COMMON_FIELDS = List.of("type", "id", "occurred_at", "subject");

    private final String wire;
    private final List<String> fields;

    TriggerType(String wire, String... fields) {
        this.wire = wire;
        this.fields = List.of(fields);
    }

    /** What a condition of this trigger finds in {@code event}: its own fields, then the common ones. */
    public List<String> eventFields() {
        return Stream.concat(fields.stream(), COMMON_FIELDS.stream()).toList();
    }

    public String wire() {
        return wire;
    }

    public static Optional<TriggerType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(TriggerType::wire).toList();
    }
}
