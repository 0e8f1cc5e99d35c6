package io.switchboard.intake;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Where a poller stands: its cursor moves only in the transaction that stored what it read. */
@Entity
@Table(name = "poll_cursors")
public class PollCursor extends PanacheEntityBase {

    @Id
    @Column(length = 40)
    public String poller;

    @Column(name = "cursor_value", length = 200)
    public String cursorValue;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "last_error", length = 2000)
    public String lastError;

    @Column(nullable = false)
    public int failures;

    /** While backing off after failures: not before this. */
    @Column(name = "next_run_at")
    public Instant nextRunAt;
}
