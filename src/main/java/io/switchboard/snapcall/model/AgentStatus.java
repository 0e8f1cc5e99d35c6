package io.switchboard.snapcall.model;

/** Body of {@code PUT /v2/agents/{email}/status}: online, offline, busy, away — SnapCall takes any string. */
public record AgentStatus(String status) {
}
