package io.switchboard.rule;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What makes a rule a candidate for an event: the event's type (see DESIGN.md, "Triggers"). */
public enum TriggerType {
    CALL_CREATED("call.created"),
    CALL_UPDATED("call.updated"),
    AGENT_STATUS_CHANGED("agent.status_changed"),
    BUTTON_UPDATED("button.updated"),
    SCHEDULE("schedule"),
    WEBHOOK("webhook");

    private final String wire;

    TriggerType(String wire) {
        this.wire = wire;
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
