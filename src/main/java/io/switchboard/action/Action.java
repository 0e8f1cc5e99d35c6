package io.switchboard.action;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An outbox row: one action of one rule firing, with its parameters resolved. Written in the
 * engine's transaction; the worker moves it to {@code succeeded}, {@code no_change},
 * {@code failed} (refused, not retried) or {@code dead} (retries exhausted).
 */
@Entity
@Table(name = "actions")
public class Action extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String SUCCEEDED = "succeeded";
    public static final String NO_CHANGE = "no_change";
    public static final String FAILED = "failed";
    public static final String DEAD = "dead";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "execution_id", nullable = false)
    public long executionId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false, length = 40)
    public String type;

    @Column(nullable = false, length = 200000)
    public String params;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** While {@code sending}: the claim's lease; past it, a crashed sender's claim is taken over. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "last_error", length = 2000)
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
