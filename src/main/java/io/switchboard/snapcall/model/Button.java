package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A button, as read and as written: create and update send the same shape with {@code bid}
 * left null (batch updates set it); an update never sends {@code agent}, which SnapCall refuses
 * there ({@link #forUpdate()}). {@code callId} and {@code callerId} are the reference's
 * "alternatives" (a string or a number) and keep the type SnapCall or the caller gave them;
 * {@code config} is free-form.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Button(
        String bid,
        String name,
        String brand,
        Object callId,
        String agent,
        Long scheduleTemplateId,
        String timezone,
        Object callerId,
        Map<String, Object> config,
        String displayPage,
        Double cartValue,
        Boolean active,
        @JsonAnySetter @JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

    public static Button named(String name) {
        return new Button(null, name, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Button activeOnly(String bid, boolean active) {
        return new Button(bid, null, null, null, null, null, null, null, null, null, null, active, null);
    }

    /** What an update sends of this button (a read one, changed): without the fields SnapCall owns ({@link SnapCallOwned}). */
    public Button forUpdate() {
        return new Button(null, name, brand, callId, null, scheduleTemplateId, timezone, callerId, config,
                displayPage, cartValue, active, SnapCallOwned.without(extra));
    }

    public Button withActive(Boolean value) {
        return new Button(bid, name, brand, callId, agent, scheduleTemplateId, timezone, callerId, config,
                displayPage, cartValue, value, extra);
    }

    public Button withAgent(String value) {
        return new Button(bid, name, brand, callId, value, scheduleTemplateId, timezone, callerId, config,
                displayPage, cartValue, active, extra);
    }

    public Button withDisplay(String page, Double minimumCartValue) {
        return new Button(bid, name, brand, callId, agent, scheduleTemplateId, timezone, callerId, config,
                page, minimumCartValue, active, extra);
    }
}
