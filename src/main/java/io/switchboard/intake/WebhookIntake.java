package io.switchboard.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.EventDraft;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a verified webhook delivery into a stored event — once per delivery id (see
 * {@link #deliveryId} for which id), the dedupe window being the retention.
 */
@ApplicationScoped
public class WebhookIntake {

    /** Longest delivery id kept as it is (headers longer than this are refused at the door). */
    public static final int MAX_ID = 200;

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
     * deliveries arriving alongside), so a 202 means durably stored and decided. Fails with
     * {@link EventBatcher.TooLarge} when the event could not be stored at any time, with
     * {@link io.switchboard.GroupCommit.Full} when too much waits to be stored right now.
     */
    public CompletionStage<Receipt> receive(String source, JsonNode payload, Optional<String> signedId,
            String idempotencyKey) {
        Optional<String> payloadId = sources.eventIdField(source).map(payload::path)
                .filter(id -> id.isValueNode() && !id.isNull()).map(JsonNode::asText);
        Optional<String> deliveryId = deliveryId(payloadId, signedId, idempotencyKey);
        String dedupeKey = "webhook:" + source + ":" + deliveryId.map(WebhookIntake::bounded)
                .orElseGet(this::anonymousDeliveryId);
        ObjectNode fields = json.createObjectNode();
        fields.put("source", source);
        fields.set("payload", payload);
        EventDraft draft = new EventDraft("webhook", "webhook:" + source, "webhook:" + source, dedupeKey, fields,
                clock.instant(), deliveryId.isEmpty());
        return batcher.store(draft).thenApply(stored -> new Receipt(stored.eventId(), stored.duplicate()));
    }

    /**
     * What identifies a delivery, signed before unsigned: the payload's own id (the source's
     * {@code event-id-field}: inside the signed body), then the Standard Webhooks {@code webhook-id}
     * (signed with it), and only then the {@code Idempotency-Key} header, which no signature covers —
     * so whoever replays a captured delivery cannot dodge the dedupe by changing a header.
     */
    static Optional<String> deliveryId(Optional<String> payloadId, Optional<String> signedId, String idempotencyKey) {
        return payloadId.filter(k -> !k.isBlank())
                .or(() -> signedId.filter(k -> !k.isBlank()))
                .or(() -> Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank()));
    }

    /** An id fits the dedupe key column whatever its length: a long one (only a payload's can be) by its hash. */
    static String bounded(String id) {
        if (id.length() <= MAX_ID) {
            return id;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
