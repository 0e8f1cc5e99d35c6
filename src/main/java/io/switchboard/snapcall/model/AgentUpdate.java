package io.switchboard.snapcall.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code PUT /v2/agents/{email}}: seconds of wrap-up, and the epoch time the last call bridge ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentUpdate(Long wrapUpTime, Long lastBridgeEnd) {
}
