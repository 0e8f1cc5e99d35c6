package io.switchboard.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * The lock of a (rule, subject) pair, taken before its cooldown or {@code for} timer is read or
 * written: its {@code cooldowns} row, created when missing (with {@code until_at} at the epoch:
 * not cooling). Taken in one order, (rule id, subject), by every transaction that takes more
 * than one — the engine's batches (the shared writer, the pollers, other replicas) and the
 * due-timer settle — so none can hold one pair while waiting for a pair another holds that waits
 * for the first: a batch deciding subjects a then b and another deciding b then a deadlocked
 * ({@code SubjectLockTest}), as did a timer settle (timer, then cooldown) meeting a batch
 * (cooldown, then timer). The timer row itself is only touched under this lock.
 */
@ApplicationScoped
public class SubjectLocks {

    /**
     * A created row's {@code until_at}: never cooling, whatever clock reads it — not "now", which a
     * transaction that took its time before waiting for the lock, or another replica's slower
     * clock, would read as a cooldown still running.
     */
    static final Instant NEVER_FIRED = Instant.EPOCH;

    static final Comparator<Cooldown.Key> ORDER = Comparator.<Cooldown.Key> comparingLong(k -> k.ruleId)
            .thenComparing(k -> k.subject);

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    /** Locks each pair's row in {@link #ORDER}, creating the missing ones, until the caller's transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(Collection<Cooldown.Key> keys) {
        keys.stream().distinct().sorted(ORDER).forEach(this::lock);
    }

    private void lock(Cooldown.Key key) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (em.find(Cooldown.class, key, LockModeType.PESSIMISTIC_WRITE) != null) {
                return;
            }
            // Created and committed on its own, so a concurrent creator waits only for that short
            // transaction (H2 does not wait but retries at once, spinning, for as long as it lasts).
            QuarkusTransaction.requiringNew().run(() -> create(key));
        }
        // Only the retention deletes a row never fired (until_at at the epoch), and never a locked one.
        throw new IllegalStateException("the lock row of rule " + key.ruleId + " and its subject keeps vanishing");
    }

    private void create(Cooldown.Key key) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(insertIfAbsent())) {
                insert.setLong(1, key.ruleId);
                insert.setString(2, key.subject);
                insert.setObject(3, OffsetDateTime.ofInstant(NEVER_FIRED, ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                // H2: a concurrent creator committed while this MERGE ran: the row is there, as wanted.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        });
    }

    /** PostgreSQL waits for a concurrent creator's commit, then does nothing. */
    private String insertIfAbsent() {
        return "h2".equals(dbKind)
                ? "merge into cooldowns c using (values (cast(? as bigint), cast(? as varchar(300)), "
                        + "cast(? as timestamp with time zone))) n (rule_id, subject, until_at) "
                        + "on c.rule_id = n.rule_id and c.subject = n.subject "
                        + "when not matched then insert (rule_id, subject, until_at) values (n.rule_id, n.subject, n.until_at)"
                : "insert into cooldowns (rule_id, subject, until_at) values (?, ?, ?) on conflict do nothing";
    }
}
