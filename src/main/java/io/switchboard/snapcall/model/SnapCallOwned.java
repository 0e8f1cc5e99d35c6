package io.switchboard.snapcall.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fields a read returns that an update must not send back: those SnapCall writes itself (ids,
 * timestamps) and a button's {@code agent}, which SnapCall sets at creation and its update
 * endpoint does not take. The one list every read-modify-write uses (a {@code button.update}
 * whose {@code fields} came from a read or a webhook, the typed client's updates), so a button
 * read, changed and sent back is accepted. Everything else goes out as written, unknown fields
 * included: SnapCall decides about those.
 */
public final class SnapCallOwned {

    public static final Set<String> FIELDS = Set.of("id", "bid", "created_at", "updated_at", "agent");

    private SnapCallOwned() {
    }

    /** A copy of {@code fields} without SnapCall's own fields. */
    public static ObjectNode without(ObjectNode fields) {
        ObjectNode copy = fields.deepCopy();
        copy.remove(FIELDS);
        return copy;
    }

    /** The owned fields {@code fields} holds, in its order (to say what was left out). */
    public static List<String> in(JsonNode fields) {
        List<String> found = new ArrayList<>();
        fields.fieldNames().forEachRemaining(name -> {
            if (FIELDS.contains(name)) {
                found.add(name);
            }
        });
        return found;
    }

    /** A copy of a model's unknown fields without SnapCall's own ones; null when none is left. */
    static Map<String, Object> without(Map<String, Object> extra) {
        if (extra == null) {
            return null;
        }
        Map<String, Object> kept = new LinkedHashMap<>(extra);
        kept.keySet().removeAll(FIELDS);
        return kept.isEmpty() ? null : kept;
    }
}
