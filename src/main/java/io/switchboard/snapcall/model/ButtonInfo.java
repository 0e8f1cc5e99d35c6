package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** Public view of a button ({@code GET /v2/buttons/{bid}/info}, no key needed). */
public record ButtonInfo(String bid, String name, Boolean active, Boolean open, Boolean available,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
