package io.switchboard.rule;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.NullValue;

/**
 * Converts between JSON and the values CEL works on. Strings in fields named {@code *_at} that
 * read as ISO-8601 instants become timestamps, so {@code now - c.created_at < duration('15m')}
 * works on SnapCall's data as written.
 */
public final class CelValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CelValues() {
    }

    public static Object fromJson(JsonNode node) {
        return fromJson(node, null);
    }

    private static Object fromJson(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), fromJson(e.getValue(), e.getKey())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(fromJson(item, null)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Long.valueOf(node.longValue()); // boxed here: a ?: with a double would widen it
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        String text = node.asText();
        if (field != null && field.endsWith("_at")) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                return text;
            }
        }
        return text;
    }

    public static JsonNode toJson(Object value) {
        if (value == null || value instanceof NullValue) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(toJson(v)));
            return array;
        }
        return NODES.textNode(text(value));
    }

    /** How a value reads inside an interpolated template string. */
    public static String text(Object value) {
        if (value == null || value instanceof NullValue) {
            return "";
        }
        if (value instanceof Instant || value instanceof Duration || value instanceof String) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return toJson(value).toString();
        }
        return String.valueOf(value);
    }
}
