package io.switchboard.rule;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.action.ActionSpec;

/** A rule's content once validated: what the API stores and the engine runs. */
public record RuleDefinition(String name, String description, boolean enabled, Trigger trigger, String condition,
        Duration holdFor, Duration cooldown, List<ActionSpec> actions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The canonical JSON of the rule, as stored and as shown (without id, timestamps and version). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("description", description);
        node.put("enabled", enabled);
        node.set("trigger", JSON.valueToTree(trigger));
        node.put("condition", condition);
        node.put("for", holdFor == null ? null : holdFor.toString());
        node.put("cooldown", cooldown == null ? null : cooldown.toString());
        ArrayNode list = node.putArray("actions");
        for (ActionSpec action : actions) {
            ObjectNode a = list.addObject();
            a.put("type", action.type().wire());
            action.params().forEach(a::set);
        }
        return node;
    }
}
