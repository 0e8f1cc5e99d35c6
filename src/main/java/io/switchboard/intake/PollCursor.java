package io.switchboard.intake;

import java.time.Duration;
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

    /** Items the last read skipped or read in part, one line each (null: none). */
    @Column(name = "last_problems", length = 2000)
    public String lastProblems;

    /** How long the last round spent reading SnapCall; longer than the interval, it is the cycle. */
    @Column(name = "round_millis")
    public Long roundMillis;

    /**
     * The horizon: while a round runs, until when its claim holds the poller (two cycles); after
     * a success, when the next round is due (a cycle after the claim); after a failure, the end
     * of the backoff.
     */
    @Column(name = "next_run_at")
    public Instant nextRunAt;

    /** The claim ({@link #lastRunAt}) of the last round that ended, successfully or not. */
    @Column(name = "ended_run_at")
    public Instant endedRunAt;

    /**
     * A round claimed and not ended, on some replica: the claim is compared with itself, so the
     * replicas' clocks do not matter. A replica that died in its round leaves it underway until
     * the next round ends.
     */
    public boolean roundUnderway() {
        return lastRunAt != null && !lastRunAt.equals(endedRunAt);
    }

    /** The cycle as it runs: the configured interval, or the last round's length when that was longer. */
    public Duration effectiveInterval(Duration configured) {
        Duration round = roundMillis == null ? Duration.ZERO : Duration.ofMillis(roundMillis);
        return round.compareTo(configured) > 0 ? round : configured;
    }
}
