package io.switchboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.h2.Driver;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * When a commit survives a killed process. On PostgreSQL (or an H2 server) a commit is in the
 * database's log when it returns. On the embedded H2 this class takes over writing the file:
 * once it holds the database it turns H2's own writing off ({@link MVStore#setAutoCommitDelay}
 * -1: no store at each commit, no background writer, no asynchronous write threads), so a
 * commit only updates H2's maps in memory; its one flusher thread then writes everything
 * committed so far in one chunk ({@link MVStore#commit()}, synchronous under H2's store lock)
 * and completes, in the order they were asked for, the futures of {@link #flushed} waiting.
 *
 * <p>Why: with a chunk per commit ({@code WRITE_DELAY=0}) every writer waited for its own
 * chunk, and a chunk rewrites all the B-tree pages a commit touched (~120 KB for a group commit
 * of four events). Commits that end while a chunk is being written now share the next one, and
 * the writers go on with their next transaction meanwhile (BENCHMARKS.md, session 8).
 *
 * <p>What this must never do is answer before the file holds the answer: every transaction
 * waits for its flush before its commit returns ({@link AfterCommit}), except a group
 * commit's, whose callers are answered from this thread once it flushed. Until the flusher
 * holds the database H2 writes each commit itself ({@code WRITE_DELAY=0} in the URL), and
 * before the flusher runs and after it stopped, {@link #flushed} writes on the caller's thread.
 * A write that fails, or a store H2 closed in a panic, stops the process at once
 * ({@link Runtime#halt}): H2 has then given up on the file, and anything answered after it would
 * be a lie; a restart recovers to the last chunk written, which holds everything answered.
 */
@ApplicationScoped
public class Durability {

    private static final Logger LOG = Logger.getLogger(Durability.class);

    private static final CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

    /** Exit status when the file could not be written. */
    static final int CANNOT_WRITE = 70;

    @Inject
    ManagedExecutor executor;

    @Inject
    Metrics metrics;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final LinkedBlockingQueue<CompletableFuture<Void>> waiting = new LinkedBlockingQueue<>();
    private volatile boolean resolved;
    /** The embedded H2's store; null where a commit is durable when it returns. */
    private volatile MVStore store;
    /** Held open: an embedded H2 database closes with its last connection, and the pool may close its idle ones. */
    private Connection held;
    private volatile Thread flusher;
    private volatile boolean running;
    private volatile boolean stopping;
    /** Stops the process; a test replaces it. */
    IntConsumer halt = status -> Runtime.getRuntime().halt(status);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** The embedded H2 store behind a connection, or null (another database, an H2 server's client). */
    public static MVStore embeddedH2(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        return session.getDatabase().getStore().getMvStore();
    }

    /** Whether commits wait for this class's flush to be durable; decided once, at the first transaction. */
    public boolean deferred() {
        if (!resolved) {
            resolve();
        }
        return store != null;
    }

    /**
     * Opens a connection of its own, outside the pool and any transaction (this can run as a
     * transaction begins), holds it, and from then on writes the file itself.
     */
    private synchronized void resolve() {
        if (resolved) {
            return;
        }
        if ("h2".equals(dbKind) && url.isPresent()) {
            Properties credentials = new Properties();
            credentials.setProperty("user", user.orElse(""));
            credentials.setProperty("password", password.orElse(""));
            try {
                Connection connection = new Driver().connect(url.get(), credentials);
                MVStore embedded = embeddedH2(connection);
                if (embedded == null) {
                    connection.close();
                } else {
                    held = connection;
                    embedded.setAutoCommitDelay(-1);
                    store = embedded;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open the H2 database", e);
            }
        }
        resolved = true;
    }

    void start(@Observes StartupEvent start) {
        if (!deferred()) {
            return;
        }
        running = true;
        try {
            executor.execute(this::run);
        } catch (RuntimeException e) {
            running = false; // callers then write on their own threads
            throw e;
        }
    }

    /** From here on a closed store is the shutdown closing it (which writes everything), not H2 giving up. */
    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        running = false;
    }

    /** After the flusher's last round: the held connection goes, so H2 closes (and writes) the file with the pool's last one. */
    @PreDestroy
    void close() {
        stopping = true;
        running = false;
        try {
            if (flusher != null && !stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("the H2 flusher did not stop within 5 s");
            }
            if (held != null) {
                held.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warnf("closing the H2 flusher's connection: %s", e.toString());
        }
    }

    /**
     * Completes once every commit made before this call is in the file — on the flusher
     * thread, after the futures asked for before it.
     */
    public CompletableFuture<Void> flushed() {
        if (!deferred()) {
            return DURABLE;
        }
        if (!running || Thread.currentThread() == flusher) {
            flush();
            return DURABLE;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        if (!running) {
            // The flusher may have drained its queue for the last time before this was added.
            flush();
            done.complete(null);
        }
        return done;
    }

    /**
     * Writes what is committed; returns once it is in the file. A store closed at shutdown wrote
     * everything as it closed; one closed before (H2 gives up on a panic, and on an out-of-memory
     * error in any statement) did not: see the class comment.
     */
    private void flush() {
        MVStore current = store;
        try {
            current.commit();
        } catch (Throwable e) {
            LOG.fatalf(e, "H2 could not write committed transactions to its file; stopping");
            halt.accept(CANNOT_WRITE);
            return;
        }
        if (current.isClosed() && !stopping) {
            LOG.fatalf(current.getPanicException(), "H2 closed its file: committed transactions may not be in it; stopping");
            halt.accept(CANNOT_WRITE);
        }
    }

    private void run() {
        flusher = Thread.currentThread();
        boolean interrupted = false;
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        try {
            while (running || !waiting.isEmpty()) {
                try {
                    CompletableFuture<Void> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    waiting.drainTo(batch);
                    long started = System.nanoTime();
                    flush();
                    long took = System.nanoTime() - started;
                    // Each future's callbacks (hand-offs, answers) run here, in order; one that throws is its own.
                    int size = batch.size();
                    batch.forEach(f -> f.complete(null));
                    batch.clear();
                    metrics.h2Flush(size, Duration.ofNanos(took));
                } catch (InterruptedException e) {
                    interrupted = true; // an interruptible file write would fail: flush the rest, then keep the flag
                    break;
                } catch (RuntimeException | Error e) {
                    // What the round held stays in the batch: answered after the next write, never before.
                    LOG.errorf(e, "the H2 flusher failed a round; going on");
                }
            }
        } finally {
            flusher = null;
            running = false;
            waiting.drainTo(batch);
            flush();
            batch.forEach(f -> f.complete(null));
            stopped.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
