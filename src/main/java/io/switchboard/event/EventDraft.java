package io.switchboard.event;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event about to be stored; {@code unique} when its key was just made up (an anonymous
 * webhook delivery): it cannot be stored already, so no lookup is needed.
 * {@code fields} are the type-specific ones (see DESIGN.md, "Event fields"). */
public record EventDraft(String type, String source, String subject, String dedupeKey, ObjectNode fields,
        Instant occurredAt, boolean unique) {

    /** A draft whose key may have been stored before (a redelivery, a change seen twice): looked up first. */
    public EventDraft(String type, String source, String subject, String dedupeKey, ObjectNode fields,
            Instant occurredAt) {
        this(type, source, subject, dedupeKey, fields, occurredAt, false);
    }
}
