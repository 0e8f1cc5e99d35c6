package io.switchboard.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What a 2xx answer to {@code PUT /v2/buttons/batch} confirms — the reference documents neither
 * the answer nor the items, so this reads it leniently and never fails:
 * <ul>
 * <li>no {@code data} array (no body, {@code {}}, {@code {"updated": 3}}): the answer says
 * nothing per button, and its 2xx is SnapCall's word for the whole batch — every button is
 * confirmed;</li>
 * <li>a {@code data} array: it lists what SnapCall did, so a button is confirmed when an item
 * names it (an object with its {@code bid}, or the bid alone) and does not say another
 * {@code active} than the one sent; the others are unconfirmed and are sent again one by one
 * ({@code PUT /v2/buttons/{bid}} of {@code active} is idempotent: a button the batch did change
 * costs one more request and changes nothing).</li>
 * </ul>
 * {@code confirmed} maps each confirmed bid to what SnapCall said of it (its item, or a
 * missing node when the answer said nothing per button).
 */
record BatchAnswer(Map<String, JsonNode> confirmed, List<String> unconfirmed) {

    /** {@code wanted}: bid → the {@code active} sent for it, in the batch's order. */
    static BatchAnswer read(JsonNode answer, Map<String, Boolean> wanted) {
        Map<String, JsonNode> confirmed = new LinkedHashMap<>();
        List<String> unconfirmed = new ArrayList<>();
        JsonNode data = answer == null ? null : answer.get("data");
        if (data == null || !data.isArray()) {
            wanted.keySet().forEach(bid -> confirmed.put(bid, MissingNode.getInstance()));
            return new BatchAnswer(confirmed, unconfirmed);
        }
        Map<String, JsonNode> said = new LinkedHashMap<>();
        for (JsonNode item : data) {
            if (item.isObject() && item.hasNonNull("bid")) {
                said.put(item.get("bid").asText(), item);
            } else if (item.isTextual()) {
                said.put(item.asText(), MissingNode.getInstance());
            }
        }
        wanted.forEach((bid, active) -> {
            JsonNode item = said.get(bid);
            JsonNode state = item == null ? null : item.get("active");
            if (item != null && (state == null || !state.isBoolean() || state.booleanValue() == active)) {
                confirmed.put(bid, item);
            } else {
                unconfirmed.add(bid);
            }
        });
        return new BatchAnswer(confirmed, unconfirmed);
    }
}
