package io.switchboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.h2.Driver;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * When a commit survives a killed process. On PostgreSQL (or an H2 server) a commit is in the
 * database's log when it returns. The embedded H2 runs with {@code WRITE_DELAY} above 0, so a
 * commit only updates H2's maps in memory; this class's one flusher thread writes everything
 * committed so far to the file in one chunk ({@link MVStore#commit()}), then completes, in
 * the order they were asked for, the futures of {@link #flushed} that were waiting.
 *
 * <p>Why: with {@code WRITE_DELAY=0} every commit wrote its own chunk while its writer waited,
 * and a chunk rewrites the B-tree pages a commit touched (~120 KB for a group commit of four
 * events). Commits that end while a chunk is being written now share the next one, and the
 * writers go on with their next transaction meanwhile (BENCHMARKS.md, session 8).
 *
 * <p>What this must never do is answer before the file holds the answer: every transaction
 * waits for its flush before its commit returns ({@link AfterCommit}), except a group
 * commit's, whose callers are answered from this thread once it flushed. Before the flusher
 * runs (start-up) and after it stopped, {@link #flushed} writes on the caller's thread.
 */
@ApplicationScoped
public class Durability {

    private static final Logger LOG = Logger.getLogger(Durability.class);

    private static final CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

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
    @SuppressWarnings("unused") // held open, never read
    private Connection held;
    private volatile Thread flusher;
    private volatile boolean running;

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
     * Opens a connection of its own, outside the pool and any transaction (this can run while a
     * transaction completes), and holds it: an embedded H2 database closes with its last
     * connection, and the pool may close all of its idle ones.
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
                store = embeddedH2(connection);
                if (store == null) {
                    connection.close();
                } else {
                    held = connection;
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
        executor.execute(this::run);
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
    }

    /**
     * Completes once every commit made before this call is in the file — on the flusher
     * thread, after the futures asked for before it. Fails if H2 could not write (it then closes
     * the database: nothing later is acknowledged either).
     */
    public CompletableFuture<Void> flushed() {
        if (!deferred()) {
            return DURABLE;
        }
        if (!running || Thread.currentThread() == flusher) {
            return flushHere();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        if (!running) {
            // The flusher may have drained its queue for the last time before this was added.
            flushHere().whenComplete((ok, failed) -> complete(List.of(done), failed));
        }
        return done;
    }

    private CompletableFuture<Void> flushHere() {
        RuntimeException failed = flush();
        return failed == null ? DURABLE : CompletableFuture.failedFuture(failed);
    }

    private RuntimeException flush() {
        try {
            store.commit();
            return null;
        } catch (RuntimeException e) {
            LOG.errorf(e, "H2 could not write committed transactions to its file");
            return e;
        }
    }

    private void run() {
        flusher = Thread.currentThread();
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        try {
            while (running || !waiting.isEmpty()) {
                CompletableFuture<Void> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch);
                long started = System.nanoTime();
                RuntimeException failed = flush();
                metrics.h2Flush(batch.size(), Duration.ofNanos(System.nanoTime() - started));
                complete(batch, failed);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            complete(new ArrayList<>(waiting), flush());
        } finally {
            flusher = null;
        }
    }

    private static void complete(List<CompletableFuture<Void>> batch, Throwable failed) {
        for (CompletableFuture<Void> one : batch) {
            if (failed == null) {
                one.complete(null);
            } else {
                one.completeExceptionally(failed);
            }
        }
    }
}
