package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** General call statistics over a period ({@code GET /v2/partner/stats}); durations in seconds. */
public record CallStats(String start, String end, Long totalCalls, Long answered, Long missed,
        Double averageDuration, Double totalDuration, Map<String, Long> byStatus,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
