package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * With {@code WRITE_DELAY} above 0 an H2 commit lives in memory until something writes it:
 * a killed process loses it. {@link Durability#flushed} is what every answer waits for, so what
 * it reports durable must survive a kill, and what it has not reported need not. H2's
 * {@code SHUTDOWN IMMEDIATELY} stands in for the kill: it closes the file without writing.
 */
class DurabilityTest {

    @TempDir
    Path dir;

    @Test
    void aCommitReportedDurableSurvivesAKillAndOneNotYetFlushedIsLost() throws SQLException {
        // The service's URL: H2 writes each commit itself until Durability holds the database.
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Durability durability = durability(url);
        durability.executor = ManagedExecutor.builder().build();
        durability.metrics = new Metrics();
        durability.metrics.registry = new SimpleMeterRegistry();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            durability.start(null); // the flusher thread
            assertTrue(durability.deferred(), "an embedded H2 file: commits wait for the flush");
            sql.execute("create table deliveries(id int primary key)");
            sql.execute("insert into deliveries values (1)");
            durability.flushed().join();
            sql.execute("insert into deliveries values (2)"); // committed (autocommit), never flushed

            assertTrue(Durability.embeddedH2(connection).hasUnsavedChanges(), "H2 no longer writes at each commit");
            sql.execute("shutdown immediately"); // closes the file without writing anything
        } finally {
            durability.stop(null);
            durability.close();
            durability.executor.shutdown();
        }

        try (Connection reopened = DriverManager.getConnection(url, "sa", "");
                ResultSet rows = reopened.createStatement().executeQuery("select id from deliveries order by id")) {
            List<Integer> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
            assertEquals(List.of(1), ids, "the flushed commit is in the file; the unflushed one was lost with the process");
        }
        assertEquals(1.0, durability.metrics.registry.get("switchboard.h2.flush").timer().count(),
                "one flush asked for, one written by the flusher thread");
    }

    @Test
    void aFileH2ClosedWithoutWritingStopsTheProcessInsteadOfAnswering() throws SQLException {
        // H2 closes a database without writing when it gives up (a panic, an out-of-memory error in any statement).
        String url = "jdbc:h2:file:" + dir.resolve("closed") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Durability durability = durability(url);
        List<Integer> halted = new ArrayList<>();
        durability.halt = halted::add;
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            assertTrue(durability.deferred());
            sql.execute("create table deliveries(id int primary key)");
            sql.execute("insert into deliveries values (1)");
            sql.execute("shutdown immediately");
        }
        durability.flushed();
        assertEquals(List.of(Durability.CANNOT_WRITE), halted, "the insert cannot be in the file: nothing may be answered");

        durability.stop(null);
        halted.clear();
        durability.flushed();
        assertEquals(List.of(), halted, "at shutdown a closed store is the shutdown closing it");
    }

    @Test
    void otherDatabasesNeedNoFlush() {
        Durability durability = new Durability();
        durability.dbKind = "postgresql";
        durability.url = Optional.of("jdbc:postgresql://127.0.0.1:5432/test");
        durability.user = Optional.empty();
        durability.password = Optional.empty();
        assertFalse(durability.deferred());
        assertTrue(durability.flushed().isDone(), "a PostgreSQL commit is durable when it returns");
    }

    private static Durability durability(String url) {
        Durability durability = new Durability();
        durability.dbKind = "h2";
        durability.url = Optional.of(url);
        durability.user = Optional.of("sa");
        durability.password = Optional.empty();
        return durability;
    }
}
