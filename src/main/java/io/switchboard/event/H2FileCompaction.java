package io.switchboard.event;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the embedded H2 database file from growing with history. With {@code WRITE_DELAY=0}
 * (every commit written before its answer) H2 runs no background thread, so it never moves the
 * few live pages out of old, mostly dead chunks: each commit's chunk stays pinned by a page or
 * two, and the file grew by ~13 KB per event (1.5 GB after 107,730 events, 34 MB of it live;
 * BENCHMARKS.md), restarts included. This job does what H2's own background writer would: every
 * {@code switchboard.h2.compact-every} it rewrites the live pages of the sparsest chunks (at most
 * {@code switchboard.h2.compact-write} bytes, under H2's store lock, so commits only wait for
 * that bounded write); H2 reuses the chunks it empties at once (the default URL sets its
 * {@code RETENTION_TIME} to 0). Nothing to do on PostgreSQL, nor on an in-memory H2 (tests).
 *
 * <p>Few large rounds rather than many small ones: a round stalls every commit for as long as it
 * runs, and under load that is 30-60 ms for 1 MB but still 70-270 ms for 3-5 MB (most of it
 * walking the maps for the chosen chunks' pages, not writing). Rounds of 1 MB every second put
 * 20 stalls into a 20-s benchmark phase, enough delayed requests to set its p99 (42-55 ms); 5 MB
 * every 5 s rewrites as much and left the p99 at 39 ms (BENCHMARKS.md, session 7).
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

    @ConfigProperty(name = "switchboard.h2.compact-write", defaultValue = "5242880")
    int maxWrite;

    @Tick
    @Scheduled(every = "${switchboard.h2.compact-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void compact() {
        if (!"h2".equals(dbKind)) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            compact(connection, TARGET_FILL_RATE, maxWrite);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("H2 file compaction failed (it runs again shortly): %s", e.toString());
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
