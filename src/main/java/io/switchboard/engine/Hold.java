package io.switchboard.engine;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A pending {@code for} timer: the rule fires at {@code dueAt} if its condition still holds. Survives restarts. */
@Entity
@Table(name = "holds")
public class Hold extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "rule_id", nullable = false)
    public long ruleId;

    @Column(nullable = false, length = 300)
    public String subject;

    @Column(name = "event_id", nullable = false)
    public long eventId;

    @Column(nullable = false)
    public Instant since;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;
}
