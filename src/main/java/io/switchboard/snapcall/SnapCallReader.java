package io.switchboard.snapcall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.snapcall.model.SnapCallPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads SnapCall's answers without trusting their shape: the reference documents requests, not
 * responses, so a guess that is too strict would silently break a feature against the real API.
 * <ul>
 * <li>A list is found in the envelope {@code {"data": [...], "page", "limit", "total"}}, in a
 * bare array, or in the one array-valued key of an object (paging numbers may be strings). An
 * answer with no list is an error — never an empty page, which would read as "nothing there".</li>
 * <li>Each item is decoded on its own: an item that is not an object, or has no id, is skipped;
 * a field that cannot be read (a wrong type, an unreadable date) is read as null; every such
 * case is one line in the page's {@code problems}, and the rest of the page stands.</li>
 * <li>A single object may come as it is or wrapped in {@code {"data": {...}}}.</li>
 * </ul>
 * Decoding happens after the request passed the circuit breaker ({@link SnapCallClient}): an
 * answer SnapCall sent but we cannot read says nothing about SnapCall's health, so it never
 * opens the circuit that actions share. Problems quote at most a short excerpt of a value.
 */
@ApplicationScoped
public class SnapCallReader {

    static final int EXCERPT = 40;

    @Inject
    ObjectMapper json;

    /** Where the list of an answer was, and the paging it reported (null where it reported none). */
    record Listing(List<JsonNode> items, Integer page, Integer limit, Long total) {
    }

    /** A page of {@code type}; items without {@code idField} are skipped. */
    public <T> SnapCallPage<T> page(String endpoint, String body, Class<T> type, String idField) {
        Listing listing;
        try {
            listing = listing(parse(endpoint, body));
        } catch (IllegalArgumentException noList) {
            throw unreadable(endpoint, noList.getMessage());
        }
        List<T> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String noun = noun(type);
        int index = 0;
        for (JsonNode item : listing.items()) {
            index++;
            if (!item.isObject()) {
                problems.add(noun + " #" + index + " is not an object (" + kind(item) + "): skipped");
                continue;
            }
            JsonNode id = item.get(idField);
            if (id == null || !id.isValueNode() || id.isNull() || id.asText().isBlank()) {
                problems.add(noun + " #" + index + " has no " + idField + ": skipped");
                continue;
            }
            T value = decode((ObjectNode) item, type, noun + " " + excerpt(id.asText()), problems);
            if (value != null) {
                items.add(value);
            }
        }
        return new SnapCallPage<>(items, listing.items().size(), listing.page(), listing.limit(), listing.total(),
                List.copyOf(problems));
    }

    /** One object of {@code type}, as it is or wrapped in {@code data}; {@code label} names it in problems. */
    public <T> SnapCallRead<T> one(String endpoint, String body, Class<T> type, String label) {
        JsonNode node = parse(endpoint, body);
        if (node.isObject() && node.path("data").isObject()) {
            node = node.get("data");
        }
        if (!node.isObject()) {
            throw unreadable(endpoint, "the answer is not an object (" + kind(node) + ")");
        }
        List<String> problems = new ArrayList<>();
        T value = decode((ObjectNode) node, type, label, problems);
        if (value == null) {
            throw unreadable(endpoint, String.join("; ", problems));
        }
        return new SnapCallRead<>(value, List.copyOf(problems));
    }

    /** The list in an answer, or why there is none. */
    static Listing listing(JsonNode body) {
        if (body.isArray()) {
            return new Listing(items(body), null, null, null);
        }
        if (!body.isObject()) {
            throw new IllegalArgumentException("no list in the answer (" + kind(body) + ")");
        }
        JsonNode list = body.get("data");
        if (list == null || !list.isArray()) {
            List<JsonNode> arrays = new ArrayList<>();
            body.properties().forEach(e -> {
                if (e.getValue().isArray()) {
                    arrays.add(e.getValue());
                }
            });
            if (arrays.size() != 1) {
                throw new IllegalArgumentException("no list in the answer (an object with "
                        + (arrays.isEmpty() ? "no array" : arrays.size() + " arrays") + ", keys " + keys(body) + ")");
            }
            list = arrays.get(0);
        }
        Long page = number(body.get("page"));
        Long limit = number(body.get("limit"));
        return new Listing(items(list), page == null ? null : page.intValue(), limit == null ? null : limit.intValue(),
                number(body.get("total")));
    }

    /**
     * Decodes one item, reading as null each field Jackson cannot (one retry per bad field).
     * Null, with a problem, when the item cannot be decoded at all.
     */
    <T> T decode(ObjectNode item, Class<T> type, String label, List<String> problems) {
        ObjectNode work = item;
        for (int tries = 0; tries <= item.size(); tries++) {
            try {
                return json.treeToValue(work, type);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                        ? mapping.getPath().get(0).getFieldName() : null;
                if (field == null || !work.has(field)) {
                    problems.add(label + " cannot be read: skipped");
                    return null;
                }
                problems.add(label + ": " + field + " unreadable (" + excerpt(work.get(field).toString()) + "), read as null");
                if (work == item) {
                    work = item.deepCopy();
                }
                work.remove(field);
            }
        }
        problems.add(label + " cannot be read: skipped");
        return null;
    }

    private JsonNode parse(String endpoint, String body) {
        JsonNode node;
        try {
            node = body == null ? null : json.readTree(body);
        } catch (JsonProcessingException notJson) {
            throw unreadable(endpoint, "the answer is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw unreadable(endpoint, "the answer is empty");
        }
        return node;
    }

    private static SnapCallException.Transient unreadable(String endpoint, String why) {
        return new SnapCallException.Transient(200, endpoint + ": SnapCall answered 200 but " + why, null);
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }

    /** A paging number, also when written as a string; null when absent or not a whole number. */
    static Long number(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isTextual() && value.asText().trim().matches("\\d{1,18}")) {
            return Long.parseLong(value.asText().trim());
        }
        return null;
    }

    private static String keys(JsonNode object) {
        List<String> names = object.properties().stream().limit(5).map(Map.Entry::getKey).toList();
        return names.isEmpty() ? "none" : String.join(", ", names) + (object.size() > 5 ? ", …" : "");
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase();
    }

    private static String noun(Class<?> type) {
        String name = type.getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    }
}
