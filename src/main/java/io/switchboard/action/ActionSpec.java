package io.switchboard.action;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** One action of a rule: its type and its parameters, as written (templates unresolved) or resolved. */
public record ActionSpec(ActionType type, Map<String, JsonNode> params) {

    public JsonNode param(String name) {
        return params.get(name);
    }

    public String text(String name) {
        JsonNode value = params.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
