package io.switchboard.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** Query-string parsing shared by the sandbox's list endpoints; bad values are a 400 naming the parameter. */
final class Query {

    /** The sandbox's own paging defaults: SnapCall's reference gives no default and no maximum. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private Query() {
    }

    static int page(String value) {
        return integer("page", value, 1, Integer.MAX_VALUE, 1);
    }

    static int limit(String value) {
        return integer("limit", value, 1, MAX_LIMIT, DEFAULT_LIMIT);
    }

    static int integer(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw SandboxError.badRequest("\"" + name + "\" must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw SandboxError.badRequest("\"" + name + "\" must be a number");
        }
    }

    static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw SandboxError.badRequest("\"" + name + "\" must be a boolean");
        };
    }

    /** A date or date-time; a bare date means midnight UTC. */
    static Instant date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw SandboxError.badRequest("\"" + name + "\" must be a valid date");
            }
        }
    }

    /** "alternatives" filters: one value or several separated by commas. */
    static List<String> values(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A numeric id from the path (calls, templates, users). */
    static long id(String value) {
        requireDigits("id", value);
        return Long.parseLong(value);
    }

    static void requireDigits(String name, String value) {
        if (value == null || !value.matches("\\d{1,18}")) {
            throw SandboxError.badRequest("\"" + name + "\" must be a number");
        }
    }
}
