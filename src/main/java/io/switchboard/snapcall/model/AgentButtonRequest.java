package io.switchboard.snapcall.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /v2/partner/agent-button}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentButtonRequest(String agentEmail, Boolean stream) {
}
