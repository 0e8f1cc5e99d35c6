package io.switchboard.action;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP request an action sends: a SnapCall path ({@code /v2/...}) or, for
 * {@code webhook.post}, the full URL. {@code expectedNoChange} is true when the known state
 * already matches, so the worker would record {@code no_change} instead of sending.
 */
public record PlannedRequest(String method, String target, JsonNode body, boolean expectedNoChange, String note) {
}
