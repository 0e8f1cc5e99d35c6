package io.switchboard.intake;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.EventDraft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a verified webhook delivery into a stored event — once per delivery id. */
@ApplicationScoped
public class WebhookIntake {

    @Inject
    EventBatcher batcher;

    @Inject
    WebhookSources sources;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * A delivery without an id of its own can never be a redelivery: any unique key will do, and
     * a time-ordered one (milliseconds, then randomness) lands at the end of the unique index
     * instead of on a random page of it — a random key costs a page write per delivery.
     */
    private String anonymousDeliveryId() {
        return "~" + Long.toHexString(clock.millis()) + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** What happened to a delivery: the event it made, or the one an earlier delivery made. */
    public record Receipt(Long eventId, boolean duplicate) {
    }

    /**
     * Stores and decides the delivery; completes only after the commit (group-committed with the
     * deliveries arriving alongside), so a 202 means durably stored and decided. The delivery id is the
     * Idempotency-Key, else the configured payload field, else random.
     */
    public CompletionStage<Receipt> receive(String source, JsonNode payload, String idempotencyKey) {
        Optional<String> deliveryId = Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank())
                .or(() -> sources.eventIdField(source).map(f -> payload.path(f)).filter(JsonNode::isValueNode)
                        .map(JsonNode::asText).filter(k -> !k.isBlank()));
        String dedupeKey = "webhook:" + source + ":" + deliveryId.orElseGet(this::anonymousDeliveryId);
        ObjectNode fields = json.createObjectNode();
        fields.put("source", source);
        fields.set("payload", payload);
        EventDraft draft = new EventDraft("webhook", "webhook:" + source, "webhook:" + source, dedupeKey, fields,
                clock.instant(), deliveryId.isEmpty());
        return batcher.store(draft).thenApply(stored -> new Receipt(stored.eventId(), stored.duplicate()));
    }
}
