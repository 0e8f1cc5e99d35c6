package io.switchboard.action;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * An outbox row: one action of one rule firing, with its parameters resolved. Written in the
 * engine's transaction, already claimed by the instance that decided it ({@code owner},
 * {@code epoch}, lease {@code claimedUntil}); the sender moves it to a final status. Only the
 * current owner may record a result: every settle matches owner and epoch, and a takeover
 * (after the owner's lease lapsed) bumps the epoch, so a slow old owner cannot write over it.
 */
@Entity
@Table(name = "actions")
public class Action extends PanacheEntityBase {

    /**
     * Characters {@code params} holds (V6 migration): as much as an event's payload, so a rule
     * forwarding a whole webhook ({@code "body": "{{ event.payload }}"}) fits. Larger resolved
     * parameters make the action {@code failed} (see {@link Outbox#enqueue}), never a decision
     * that cannot commit.
     */
    public static final int PARAMS_LENGTH = 1_000_000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "actions_ids")
    @SequenceGenerator(name = "actions_ids", sequenceName = "actions_seq", allocationSize = 50)
    public Long id;

    @Column(name = "execution_id", nullable = false)
    public long executionId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false, length = 40)
    public String type;

    @Column(nullable = false, length = PARAMS_LENGTH)
    public String params;

    @Column(nullable = false, length = 20)
    public ActionStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** The claim's lease, renewed by a live owner; past it, another instance may take the action over. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** The instance holding the claim. */
    @Column(length = 80)
    public String owner;

    /** Bumped at every takeover: with {@code owner}, the fencing token a settle must match. */
    @Column(nullable = false)
    public long epoch;

    @Column(name = "last_error", length = 2000)
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
