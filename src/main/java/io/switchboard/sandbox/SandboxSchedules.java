package io.switchboard.sandbox;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks a schedule template's {@code schedule}: an array of {@code {day, open, close}} ranges. */
final class SandboxSchedules {

    static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday");

    private SandboxSchedules() {
    }

    static void check(JsonNode schedule) {
        if (schedule == null || schedule.isNull()) {
            return;
        }
        for (int i = 0; i < schedule.size(); i++) {
            JsonNode range = schedule.get(i);
            String at = "\"schedule[" + i + "]";
            if (!range.isObject()) {
                throw SandboxError.badRequest(at + "\" must be an object");
            }
            if (dayName(range.path("day")) == null) {
                throw SandboxError.badRequest(at + ".day\" must be a day name or a number from 0 (sunday) to 6");
            }
            LocalTime open = time(range.path("open"), at + ".open\"");
            LocalTime close = time(range.path("close"), at + ".close\"");
            if (!open.isBefore(close)) {
                throw SandboxError.badRequest(at + ".close\" must be after open");
            }
        }
    }

    /** "monday".."sunday" (any case) or 0..6 with 0 = sunday; null when neither. */
    static String dayName(JsonNode day) {
        if (day.isInt() && day.asInt() >= 0 && day.asInt() <= 6) {
            return DAYS.get((day.asInt() + 6) % 7);
        }
        String name = day.asText("").toLowerCase();
        return DAYS.contains(name) ? name : null;
    }

    private static LocalTime time(JsonNode value, String field) {
        try {
            return LocalTime.parse(value.asText(""));
        } catch (DateTimeParseException e) {
            throw SandboxError.badRequest(field + " must be a time as HH:mm");
        }
    }
}
