package io.switchboard.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON payload of one sandbox endpoint, checked the way SnapCall's validator answers:
 * unknown fields, missing required ones and wrong types are a 400 naming the field. Bodies are
 * parsed as JSON whatever their Content-Type, since SnapCall's own samples send none.
 */
record Schema(Map<String, Kind> fields, Set<String> required) {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind {
        STRING, NUMBER, BOOLEAN, OBJECT, ARRAY,
        /** "alternatives" in the reference: a string or a number. */
        ALTERNATIVES
    }

    static Schema of(Set<String> required, Object... namesAndKinds) {
        Map<String, Kind> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndKinds.length; i += 2) {
            fields.put((String) namesAndKinds[i], (Kind) namesAndKinds[i + 1]);
        }
        return new Schema(fields, required);
    }

    Schema without(String field) {
        Map<String, Kind> fewer = new LinkedHashMap<>(fields);
        fewer.remove(field);
        return new Schema(fewer, required);
    }

    Schema plus(String field, Kind kind) {
        Map<String, Kind> more = new LinkedHashMap<>(fields);
        more.put(field, kind);
        return new Schema(more, required);
    }

    Schema requiring(Set<String> names) {
        return new Schema(fields, names);
    }

    /** Parses and checks a raw body; returns a copy holding only the declared fields. */
    ObjectNode parse(String body) {
        return check(parseObject(body));
    }

    ObjectNode check(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw SandboxError.badRequest("\"value\" must be an object");
        }
        ObjectNode copy = JSON.createObjectNode();
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.containsKey(name)) {
                throw SandboxError.badRequest("\"" + name + "\" is not allowed");
            }
        });
        for (String name : required) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw SandboxError.badRequest("\"" + name + "\" is required");
            }
        }
        fields.forEach((name, kind) -> {
            JsonNode value = node.get(name);
            if (value == null) {
                return;
            }
            if (!value.isNull() && !fits(kind, value)) {
                throw SandboxError.badRequest("\"" + name + "\" must be " + describe(kind));
            }
            copy.set(name, value);
        });
        return copy;
    }

    static JsonNode parseAny(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (Exception malformed) {
            throw SandboxError.badRequest("Invalid request payload JSON format");
        }
    }

    static JsonNode parseObject(String body) {
        JsonNode node = parseAny(body);
        if (!node.isObject()) {
            throw SandboxError.badRequest("\"value\" must be an object");
        }
        return node;
    }

    private static boolean fits(Kind kind, JsonNode value) {
        return switch (kind) {
            case STRING -> value.isTextual();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case OBJECT -> value.isObject();
            case ARRAY -> value.isArray();
            case ALTERNATIVES -> value.isTextual() || value.isNumber();
        };
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "of type object";
            case ARRAY -> "an array";
            case ALTERNATIVES -> "a string or a number";
        };
    }
}
