package io.switchboard.action;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.switchboard.LowerCaseEnumConverter;
import jakarta.persistence.Converter;

/** How one try ended. {@code LOST}: its sender stopped before recording it (SnapCall may have received it). */
public enum AttemptOutcome {
    SUCCEEDED, NO_CHANGE, RETRY, FAILED, DEAD, LOST;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter(autoApply = true)
    public static class Column extends LowerCaseEnumConverter<AttemptOutcome> {
        public Column() {
            super(AttemptOutcome.class);
        }
    }
}
