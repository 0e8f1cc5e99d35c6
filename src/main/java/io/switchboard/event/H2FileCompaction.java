package io.switchboard.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.Tick;
import io.switchboard.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the embedded H2 database file from growing with history. With {@code WRITE_DELAY=0}
 * (every commit written before its answer) H2 runs no background thread, so it never moves the
 * few live pages out of old, mostly dead chunks: each commit's chunk stays pinned by a page or
 * two, and the file grew by ~13 KB per event (1.5 GB after 107,730 events, 34 MB of it live;
 * BENCHMARKS.md), restarts included. This job does what H2's own background writer would: it
 * rewrites the live pages of the sparsest chunks, and H2 reuses the chunks it empties at once
 * (the default URL sets its {@code RETENTION_TIME} to 0). Nothing to do on PostgreSQL, nor on an
 * in-memory H2 (tests).
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

    @ConfigProperty(name = "switchboard.h2.compact-write", defaultValue = "262144")
    int maxWrite;

    @ConfigProperty(name = "switchboard.h2.compact-rounds", defaultValue = "4")
    int rounds;

    @ConfigProperty(name = "switchboard.h2.compact-every", defaultValue = "1s")
    Duration every;

    @Inject
    Ticks ticks;

    @Tick
    @Scheduled(every = "${switchboard.h2.compact-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void compact() throws InterruptedException {
        if (!"h2".equals(dbKind)) {
            return;
        }
        long pauseMillis = every.toMillis() / Math.max(1, rounds);
        for (int round = 0; round < rounds; round++) {
            if (round > 0) {
                Thread.sleep(pauseMillis); // commits run between rounds
            }
            if (ticks.stopping() || !compactOnce()) {
                return; // stopping, or nothing sparse enough left this period
            }
        }
    }

    private boolean compactOnce() {
        try (Connection connection = dataSource.getConnection()) {
            return compact(connection, TARGET_FILL_RATE, maxWrite);
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
