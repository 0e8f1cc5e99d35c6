package io.switchboard.event;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An event about to be stored; {@code fields} are the type-specific ones (see DESIGN.md, "Event fields"). */
public record EventDraft(String type, String source, String subject, String dedupeKey, ObjectNode fields,
        Instant occurredAt) {
}
