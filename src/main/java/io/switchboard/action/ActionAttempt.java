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

/** One try at an action: what was sent (or why nothing was) and how it ended. */
@Entity
@Table(name = "action_attempts")
public class ActionAttempt extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "action_attempts_ids")
    @SequenceGenerator(name = "action_attempts_ids", sequenceName = "action_attempts_seq", allocationSize = 50)
    public Long id;

    @Column(name = "action_id", nullable = false)
    public long actionId;

    @Column(nullable = false)
    public int number;

    @Column(length = 10)
    public String method;

    @Column(length = 2000)
    public String target;

    @Column(nullable = false, length = 20)
    public AttemptOutcome outcome;

    @Column(name = "http_status")
    public Integer httpStatus;

    @Column(length = 2000)
    public String error;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;
}
