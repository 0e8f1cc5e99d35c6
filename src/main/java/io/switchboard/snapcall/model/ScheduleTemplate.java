package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A schedule template, read and written (create needs name and schedule, update takes either).
 * {@code schedule} stays JSON as SnapCall or the caller wrote it: the reference says only
 * "array", so its ranges ({@code {day, open, close}} as far as we know, {@code day} a name or a
 * number) are never forced through a typed record — numbers stay numbers, unknown keys stay.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleTemplate(String id, String name, JsonNode schedule,
        @JsonAnySetter @JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

    public static ScheduleTemplate of(String name, JsonNode schedule) {
        return new ScheduleTemplate(null, name, schedule, null);
    }

    /** What an update sends of this template: without the fields SnapCall owns. */
    public ScheduleTemplate forUpdate() {
        return new ScheduleTemplate(null, name, schedule, SnapCallOwned.without(extra));
    }
}
