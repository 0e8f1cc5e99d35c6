package io.switchboard.snapcall.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** A call; {@code status} is one of ringing, ongoing, completed, missed, dropped (others are kept as they come). */
public record Call(String id, String bid, String agent, String status, Double duration, Double rate,
        String client, String ani, Instant createdAt, Instant endedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
