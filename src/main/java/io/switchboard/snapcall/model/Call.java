package io.switchboard.snapcall.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A call; {@code status} is one of ringing, ongoing, completed, missed, dropped (others are kept
 * as they come). Dates are read in any of the forms {@link SnapCallTime} knows.
 */
public record Call(String id, String bid, String agent, String status, Double duration, Double rate,
        String client, String ani,
        @JsonDeserialize(using = SnapCallTime.Reader.class) Instant createdAt,
        @JsonDeserialize(using = SnapCallTime.Reader.class) Instant endedAt,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
