package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** Where a call's recording can be fetched. */
public record Recording(String callId, String url, Double duration, String format,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
