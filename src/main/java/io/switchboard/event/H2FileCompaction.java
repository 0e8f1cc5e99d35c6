package io.switchboard.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.switchboard.Tick;
import io.switchboard.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps the embedded H2 database file from growing with history. With {@code WRITE_DELAY=0}
 * (every commit written before its answer) H2 runs no background thread, so it never moves the
 * few live pages out of old, mostly dead chunks: each commit's chunk stays pinned by a page or
 * two, and the file grew by ~13 KB per event (1.5 GB after 107,730 events, 34 MB of it live;
 * BENCHMARKS.md), restarts included. This job does what H2's own background writer would: it
 * rewrites the live pages of the sparsest chunks, and H2 reuses the chunks it empties once its
 * retention time (45 s) has passed: not at once, which lost answered commits on a crash
 * ({@code H2CrashRecoveryTest}). Nothing to do on PostgreSQL, nor on an in-memory H2 (tests).
 *
 * <p>Many small rounds rather than few large ones. A round holds H2's store lock, so every commit
 * waits for it, and its cost grows with the bytes it moves (~25-40 ms per MB here, mostly reading
 * and re-encoding rows): 5 MB rounds stalled commits 120-145 ms each, which a closed-loop
 * benchmark barely sees (only the 16 requests in flight wait) but webhooks arriving at their own
 * pace do: at 500/s, 60-70 of them queued behind each round (BENCHMARKS.md, session 18). So every
 * {@code switchboard.h2.compact-every} the job runs up to {@code switchboard.h2.compact-rounds}
 * rounds of at most {@code switchboard.h2.compact-write} bytes, spread over the period; each stalls
 * commits about 10 ms, and together they move as much as the large rounds did.
 */
@ApplicationScoped
public class H2FileCompaction {

    private static final Logger LOG = Logger.getLogger(H2FileCompaction.class);

    /** Below this share of live bytes in the chunks, the sparsest are rewritten (H2's own default: 90). */
    static final int TARGET_FILL_RATE = 80;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    @Inject
    H2CompactionConfig config;

    @Inject
    Ticks ticks;

    /** Settings that cannot work stop the start, on PostgreSQL too (the same file may run on H2 tomorrow). */
    void checkConfig(@Observes StartupEvent start) {
        config.check();
    }

    @Tick
    @Scheduled(every = "${switchboard.h2.compact-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void compact(ScheduledExecution execution) throws InterruptedException {
        if (!"h2".equals(dbKind)) {
            return;
        }
        // The period, as the scheduler counts it: the rounds end before the next run is due.
        Instant next = execution.getTrigger().getNextFireTime();
        long period = next == null ? 0 : Math.max(0, Duration.between(execution.getScheduledFireTime(), next).toMillis());
        long pauseMillis = period / config.compactRounds();
        // Commits run between rounds; a stop ends the run at once, as does a round with nothing sparse enough left.
        for (int round = 0; round < config.compactRounds() && (round == 0 || ticks.pause(pauseMillis)); round++) {
            if (!compactOnce()) {
                return;
            }
        }
    }

    private boolean compactOnce() {
        try (Connection connection = dataSource.getConnection()) {
            return compact(connection, TARGET_FILL_RATE, config.compactWrite());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("H2 file compaction failed (it runs again shortly): %s", e.toString());
            return false;
        }
    }

    /** One round on the database behind {@code connection}; answers whether it rewrote anything. */
    static boolean compact(Connection connection, int targetFillRate, int maxWrite) throws SQLException {
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return false; // a client of an H2 server: the server looks after its own file
        }
        MVStore store = session.getDatabase().getStore().getMvStore();
        FileStore<?> file = store.getFileStore();
        if (file == null || file.getFileName() == null) {
            return false; // in memory
        }
        return store.compact(targetFillRate, maxWrite);
    }
}
