package io.switchboard.action;

import com.fasterxml.jackson.databind.JsonNode;

/** What SnapCall told us about one agent or button while sending: recorded with the attempts. */
public record StateUpdate(String kind, String key, JsonNode data) {
}
