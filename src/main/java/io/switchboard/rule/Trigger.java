package io.switchboard.rule;

import java.time.ZoneId;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A rule's trigger: its type, plus {@code cron}/{@code timezone} for schedules and {@code source} for webhooks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trigger(String type, String cron, String timezone, String source) {

    @JsonIgnore
    public TriggerType kind() {
        return TriggerType.fromWire(type).orElseThrow();
    }

    @JsonIgnore
    public ZoneId zone() {
        return ZoneId.of(timezone == null ? "UTC" : timezone);
    }
}
