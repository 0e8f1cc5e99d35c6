package io.switchboard.snapcall.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** An agent's availability and buttons ({@code GET /v2/agents/{email}/info}). */
public record AgentInfo(String email, String status, Boolean available, List<String> buttons,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
