package io.switchboard.action;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.switchboard.LowerCaseEnumConverter;
import jakarta.persistence.Converter;

/**
 * Where an action stands. {@code PENDING} is the only live status: queued, being sent or
 * waiting for a retry — its owner and lease say which sender holds it. The others are final.
 */
public enum ActionStatus {
    PENDING, SUCCEEDED, NO_CHANGE,
    /** Refused by SnapCall (or unbuildable): not retried. */
    FAILED,
    /** Retries exhausted. */
    DEAD;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter(autoApply = true)
    public static class Column extends LowerCaseEnumConverter<ActionStatus> {
        public Column() {
            super(ActionStatus.class);
        }
    }
}
