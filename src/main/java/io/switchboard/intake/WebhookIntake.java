package io.switchboard.intake;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.Event;
import io.switchboard.event.EventDraft;
import io.switchboard.event.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Turns a verified webhook delivery into a stored event — once per delivery id. */
@ApplicationScoped
public class WebhookIntake {

    @Inject
    EventStore events;

    @Inject
    WebhookSources sources;

    @Inject
    ObjectMapper json;

    /** What happened to a delivery: the event it made, or the one an earlier delivery made. */
    public record Receipt(Long eventId, boolean duplicate) {
    }

    /**
     * Stores the delivery; returns only after the commit, so a 202 means durably stored.
     * The delivery id is the Idempotency-Key, else the configured payload field, else random.
     */
    @Transactional
    public Receipt receive(String source, JsonNode payload, String idempotencyKey) {
        String deliveryId = Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank())
                .or(() -> sources.eventIdField(source).map(f -> payload.path(f)).filter(JsonNode::isValueNode)
                        .map(JsonNode::asText).filter(k -> !k.isBlank()))
                .orElseGet(() -> UUID.randomUUID().toString());
        String dedupeKey = "webhook:" + source + ":" + deliveryId;
        ObjectNode fields = json.createObjectNode();
        fields.put("source", source);
        fields.set("payload", payload);
        Optional<Event> stored = events.append(new EventDraft("webhook", "webhook:" + source, "webhook:" + source,
                dedupeKey, fields, Instant.now()));
        if (stored.isPresent()) {
            return new Receipt(stored.get().id, false);
        }
        Event earlier = Event.find("dedupeKey", dedupeKey).firstResult();
        return new Receipt(earlier == null ? null : earlier.id, true);
    }
}
