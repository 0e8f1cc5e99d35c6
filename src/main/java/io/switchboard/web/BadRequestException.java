package io.switchboard.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A request parameter that cannot be used: 400 problem naming it. */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** An optional ISO-8601 instant query parameter. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }
}
