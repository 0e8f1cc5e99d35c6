package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** An agent ({@code GET /v2/agents/{email}}). */
public record Agent(String email, String status, Long wrapUpTime, Long lastBridgeEnd, String firstname,
        String lastname, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
