package io.switchboard.engine;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.rule.Decision;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * The trace of one rule meeting one event: {@code fired}, or why not — {@code condition_false},
 * {@code cooldown}, {@code waiting} (for its {@code for}), {@code disabled},
 * {@code evaluation_error}, {@code hold_cancelled}.
 */
@Entity
@Table(name = "executions")
public class Execution extends PanacheEntityBase {


    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "executions_ids")
    @SequenceGenerator(name = "executions_ids", sequenceName = "executions_seq", allocationSize = 50)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public long eventId;

    @Column(name = "rule_id", nullable = false)
    public long ruleId;

    @Column(name = "rule_name", nullable = false, length = 200)
    public String ruleName;

    @Column(name = "rule_version", nullable = false)
    public long ruleVersion;

    @Column(nullable = false, length = 30)
    public Decision.Outcome outcome;

    @Column(length = 2000)
    public String detail;

    @Column(name = "condition_value")
    public Boolean conditionValue;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
