package io.switchboard.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * The lock of a (rule, subject) pair, taken before its cooldown or {@code for} timer is read or
 * written: its {@code cooldowns} row, created (not cooling: {@code until_at} a second before its
 * creation) when missing. Taken in one order, (rule id, subject), by every transaction that takes
 * more than one — the engine's batches (two intake writers, the pollers, other replicas) and the
 * due-timer settle — so none can hold one pair while waiting for a pair another holds that waits
 * for the first: a batch deciding subjects a then b and another deciding b then a deadlocked
 * ({@code SubjectLockTest}), as did a timer settle (timer, then cooldown) meeting a batch
 * (cooldown, then timer). The timer row itself is only touched under this lock.
 */
@ApplicationScoped
public class SubjectLocks {

    static final Comparator<Cooldown.Key> ORDER = Comparator.<Cooldown.Key> comparingLong(k -> k.ruleId)
            .thenComparing(k -> k.subject);

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    /** Locks each pair's row in {@link #ORDER}, creating the missing ones; answers them in that order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Cooldown> lock(Collection<Cooldown.Key> keys, Instant now) {
        return keys.stream().distinct().sorted(ORDER).map(key -> lock(key, now)).toList();
    }

    private Cooldown lock(Cooldown.Key key, Instant now) {
        Cooldown row = em.find(Cooldown.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            return row;
        }
        // A concurrent creator makes this insert wait for its commit, then do nothing.
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(insertIfAbsent())) {
                insert.setLong(1, key.ruleId);
                insert.setString(2, key.subject);
                insert.setObject(3, OffsetDateTime.ofInstant(notCooling(now), ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                // H2: a concurrent creator committed first (its MERGE saw no row): the row is there now.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        });
        row = em.find(Cooldown.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new IllegalStateException("the lock row of rule " + key.ruleId + " and its subject vanished");
        }
        return row;
    }

    /** A second back: the database may round the stored time up, past {@code now}, which would read as cooling. */
    private static Instant notCooling(Instant now) {
        return now.minusSeconds(1);
    }

    private String insertIfAbsent() {
        return "postgresql".equals(dbKind)
                ? "insert into cooldowns (rule_id, subject, until_at) values (?, ?, ?) on conflict do nothing"
                : "merge into cooldowns c using (values (cast(? as bigint), cast(? as varchar(300)), "
                        + "cast(? as timestamp with time zone))) n (rule_id, subject, until_at) "
                        + "on c.rule_id = n.rule_id and c.subject = n.subject "
                        + "when not matched then insert (rule_id, subject, until_at) values (n.rule_id, n.subject, n.until_at)";
    }
}
