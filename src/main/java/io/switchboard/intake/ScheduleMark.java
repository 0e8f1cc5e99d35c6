package io.switchboard.intake;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last due time a schedule rule fired for. */
@Entity
@Table(name = "schedule_marks")
public class ScheduleMark extends PanacheEntityBase {

    @Id
    @Column(name = "rule_id")
    public long ruleId;

    @Column(name = "last_due_at", nullable = false)
    public Instant lastDueAt;
}
