package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** The personal button of an agent ({@code POST /v2/partner/agent-button}). */
public record AgentButton(String bid, String agentEmail, Boolean stream, String url,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
