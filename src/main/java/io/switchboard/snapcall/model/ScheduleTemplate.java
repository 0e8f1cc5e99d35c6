package io.switchboard.snapcall.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A schedule template, read and written (create needs name and schedule, update takes either). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleTemplate(String id, String name, List<Range> schedule,
        @JsonAnySetter @JsonAnyGetter @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

    /** Opening hours of one day: {@code day} is monday…sunday, {@code open}/{@code close} are HH:mm. */
    public record Range(String day, String open, String close) {
    }

    public static ScheduleTemplate of(String name, List<Range> schedule) {
        return new ScheduleTemplate(null, name, schedule, null);
    }
}
