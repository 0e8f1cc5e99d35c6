package io.switchboard.event;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Something that happened, stored once (by {@code dedupeKey}) before anything acts on it.
 * {@code payload} holds the event's fields as JSON (what a condition sees as {@code event});
 * {@code processedAt} is set when the engine decided it — in the transaction that stored it.
 */
@Entity
@Table(name = "events")
public class Event extends PanacheEntityBase {

    /**
     * Characters {@code payload} holds (V6 migration): room for any webhook body the HTTP layer
     * accepts ({@code quarkus.http.limits.max-body-size}, 512 KB) as re-serialized JSON, which
     * can be longer than the body (numbers are normalized: {@code 1E9} becomes {@code 1.0E9}).
     * The intake checks against it, so what does not fit is refused (413), never retried forever.
     * 1,000,000 is also H2's longest {@code varchar}.
     */
    public static final int PAYLOAD_LENGTH = 1_000_000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "events_ids")
    @SequenceGenerator(name = "events_ids", sequenceName = "events_seq", allocationSize = 50)
    public Long id;

    @Column(nullable = false, length = 40)
    public String type;

    /** Where it came from: {@code poll:calls}, {@code webhook:crm}, {@code schedule}… */
    @Column(nullable = false, length = 80)
    public String source;

    /** What it is about (an agent's email, a bid, a call id): cooldowns and {@code for} timers are per subject. */
    @Column(nullable = false, length = 300)
    public String subject;

    @Column(name = "dedupe_key", nullable = false, unique = true, length = 400)
    public String dedupeKey;

    @Column(nullable = false, length = PAYLOAD_LENGTH)
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "processed_at")
    public Instant processedAt;

    /** The fields as conditions see them, kept from the insert so the engine does not parse them again. */
    @Transient
    @JsonIgnore
    public ObjectNode fields;
}
