package io.switchboard.event;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.Metrics;
import io.switchboard.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Deletes history older than {@code switchboard.retention}: events by their {@code received_at},
 * each together with its traces (executions), their actions and the actions' attempts.
 * <ul>
 * <li>Small transactions: a chunk of at most {@code chunk-size} events is chosen, then its rows are
 * deleted children first (attempts → actions → executions → events, the foreign keys' order) and
 * committed on their own, so no run holds many locks or a long transaction. A run stops after
 * {@code chunks-per-run} chunks; the next run (every 10 minutes) goes on with the backlog.</li>
 * <li>Never deleted: an event a {@code for} timer still waits on (a {@code holds} row), an event
 * with an action still {@code pending} (the worker would lose its row; the chunk's actions are
 * locked and checked again before deleting, as an admin retry makes a dead one pending), an event
 * the engine has not processed yet (holds and actions are written while it is processed, so a
 * chosen event gets no new ones), and anything received after the cutoff. Should a row appear that
 * references a chosen event anyway, its foreign key fails the chunk, which rolls back whole.</li>
 * <li>Replicas may run it at the same time: they choose the same chunk, one waits for the other's
 * row locks and then finds nothing left to delete; at worst a chunk fails (a deadlock) and a later
 * run does it.</li>
 * <li>Plain SQL, by table name: the same statements run on H2 and PostgreSQL, and this package
 * does not need the engine's and the outbox's classes (dependencies point the other way). Action
 * statuses are compared with their stored strings.</li>
 * </ul>
 * Deleting an event ends its dedupe: a delivery with its key arriving later is stored again, so
 * the retention is also the dedupe window. Expired cooldowns older than the cutoff go too
 * (they stopped mattering long ago), in chunks, and so do the rows of pairs that never fired
 * (the engine's per-subject locks, recreated when next needed) — never one a decision holds at
 * that moment; snapshots, cursors and schedule marks are state, not history.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** Old, processed, not held, no live action: what a chunk may take, oldest ids first. */
    static final String CHOOSE_CHUNK = """
            select e.id from events e
            where e.received_at < :cutoff
              and e.processed_at is not null
              and not exists (select 1 from holds h where h.event_id = e.id)
              and not exists (select 1 from executions x join actions a on a.execution_id = x.id
                              where x.event_id = e.id and a.status = 'pending')
            order by e.id""";

    /**
     * The chunk's actions, locked before anything is deleted — in id order, as a settle and the
     * claim renewal lock them — with their status as it is once the lock is had: an admin retry
     * may have made one {@code pending} since the chunk was chosen.
     */
    static final String LOCK_ACTIONS = """
            select a.execution_id, a.status from actions a
            where a.execution_id in (select x.id from executions x where x.event_id in (:ids))
            order by a.id for update""";

    static final String EVENTS_OF = "select distinct event_id from executions where id in (:ids)";

    static final String DELETE_ATTEMPTS = """
            delete from action_attempts where action_id in (select a.id from actions a
                join executions x on x.id = a.execution_id where x.event_id in (:ids))""";

    static final String DELETE_ACTIONS = """
            delete from actions where execution_id in (select x.id from executions x where x.event_id in (:ids))""";

    static final String DELETE_EXECUTIONS = "delete from executions where event_id in (:ids)";

    static final String DELETE_EVENTS = "delete from events where id in (:ids)";

    /** Skips the rows a decision holds: this run then never waits, so it cannot deadlock with one. */
    static final String CHOOSE_COOLDOWNS = "select rule_id, subject from cooldowns where until_at < :cutoff "
            + "fetch first :limit rows only for update skip locked";

    static final String DELETE_COOLDOWN = "delete from cooldowns where rule_id = :rule and subject = :subject";

    /** Rows deleted, per table; {@code more}: the run stopped at its chunk limit with a backlog left. */
    public record Purged(long events, long executions, long actions, long attempts, long cooldowns, boolean more) {

        static final Purged NONE = new Purged(0, 0, 0, 0, 0, false);

        Purged plus(Purged other) {
            return new Purged(events + other.events, executions + other.executions, actions + other.actions,
                    attempts + other.attempts, cooldowns + other.cooldowns, more || other.more);
        }

        public long total() {
            return events + executions + actions + attempts + cooldowns;
        }
    }

    @Inject
    EntityManager em;

    @Inject
    RetentionConfig config;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    /** A retention that cannot work stops the start (it would delete history as it is written). */
    void checkConfig(@Observes StartupEvent start) {
        config.check();
    }

    @Tick
    @Scheduled(every = "${switchboard.retention.every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ActivateRequestContext
    void run() {
        Instant cutoff = clock.instant().minus(config.maxAge());
        try {
            Purged purged = purge(cutoff);
            if (purged.total() > 0) {
                LOG.infof("retention (received before %s): deleted %d events, %d executions, %d actions, "
                        + "%d action attempts, %d cooldowns%s", cutoff, purged.events(), purged.executions(),
                        purged.actions(), purged.attempts(), purged.cooldowns(),
                        purged.more() ? "; more left for the next run" : "");
            } else {
                LOG.debugf("retention (received before %s): nothing to delete", cutoff);
            }
        } catch (RuntimeException e) {
            // Chunks already committed stay deleted; the rest is retried by the next run.
            LOG.warnf(e, "retention run failed (received before %s); the next run goes on", cutoff);
        }
    }

    /** Deletes what was received before {@code cutoff}, at most {@code chunks-per-run} chunks of {@code chunk-size}. */
    public Purged purge(Instant cutoff) {
        return purge(cutoff, config.chunkSize(), config.chunksPerRun());
    }

    /** As {@link #purge(Instant)}, with explicit chunk size and chunk count; each chunk is its own transaction. */
    public Purged purge(Instant cutoff, int chunkSize, int maxChunks) {
        Purged total = Purged.NONE;
        for (int chunk = 0; chunk < maxChunks; chunk++) {
            Purged deleted = QuarkusTransaction.requiringNew().call(() -> deleteCooldowns(cutoff, chunkSize));
            count(deleted);
            total = total.plus(deleted);
            if (deleted.cooldowns() < chunkSize) {
                break;
            }
        }
        for (int chunk = 0; chunk < maxChunks; chunk++) {
            Purged deleted = QuarkusTransaction.requiringNew().call(() -> deleteChunk(cutoff, chunkSize));
            count(deleted);
            total = total.plus(deleted);
            if (deleted.events() < chunkSize) {
                return total;
            }
        }
        return total.plus(new Purged(0, 0, 0, 0, 0, true));
    }

    private Purged deleteCooldowns(Instant cutoff, int chunkSize) {
        List<?> rows = em.createNativeQuery(CHOOSE_COOLDOWNS).setParameter("cutoff", cutoff)
                .setParameter("limit", chunkSize).getResultList();
        int cooldowns = 0;
        for (Object row : rows) {
            Object[] key = (Object[]) row;
            cooldowns += em.createNativeQuery(DELETE_COOLDOWN).setParameter("rule", ((Number) key[0]).longValue())
                    .setParameter("subject", key[1]).executeUpdate();
        }
        return new Purged(0, 0, 0, 0, cooldowns, false);
    }

    private Purged deleteChunk(Instant cutoff, int chunkSize) {
        List<Long> ids = em.createNativeQuery(CHOOSE_CHUNK, Long.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(chunkSize)
                .getResultList();
        if (ids.isEmpty()) {
            return Purged.NONE;
        }
        ids = withoutLiveActions(ids);
        if (ids.isEmpty()) {
            return Purged.NONE;
        }
        int attempts = em.createNativeQuery(DELETE_ATTEMPTS).setParameter("ids", ids).executeUpdate();
        int actions = em.createNativeQuery(DELETE_ACTIONS).setParameter("ids", ids).executeUpdate();
        int executions = em.createNativeQuery(DELETE_EXECUTIONS).setParameter("ids", ids).executeUpdate();
        int events = em.createNativeQuery(DELETE_EVENTS).setParameter("ids", ids).executeUpdate();
        return new Purged(events, executions, actions, attempts, 0, false);
    }

    /** The chosen events, less those an action of which turned {@code pending} meanwhile (kept, with its history). */
    private List<Long> withoutLiveActions(List<Long> ids) {
        List<?> actions = em.createNativeQuery(LOCK_ACTIONS).setParameter("ids", ids).getResultList();
        List<Long> live = actions.stream().map(row -> (Object[]) row).filter(row -> "pending".equals(row[1]))
                .map(row -> ((Number) row[0]).longValue()).toList();
        if (live.isEmpty()) {
            return ids;
        }
        Set<Long> kept = new HashSet<>();
        em.createNativeQuery(EVENTS_OF).setParameter("ids", live).getResultList()
                .forEach(id -> kept.add(((Number) id).longValue()));
        return ids.stream().filter(id -> !kept.contains(id)).toList();
    }

    /** After the commit: a rolled-back chunk counts nothing. */
    private void count(Purged deleted) {
        metrics.retentionDeleted("cooldowns", deleted.cooldowns());
        metrics.retentionDeleted("events", deleted.events());
        metrics.retentionDeleted("executions", deleted.executions());
        metrics.retentionDeleted("actions", deleted.actions());
        metrics.retentionDeleted("action_attempts", deleted.attempts());
    }
}
