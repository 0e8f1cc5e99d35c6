package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The schema as migrated on the database under test (H2, and PostgreSQL in the pg run): every
 * index is written at each commit that adds a row, so none may repeat another; and the lookups
 * the traces and attempts views make (executions of an event, attempts of an action) stay indexed
 * on both databases, though H2 and PostgreSQL get those indexes differently (V8__DropDuplicateIndexes).
 * And an H2 database created before V8, with the duplicates, loses them when it is upgraded.
 */
@QuarkusTest
class SchemaIndexesTest {

    @Inject
    DataSource dataSource;

    @Test
    void noTwoIndexesOfATableCoverTheSameColumns() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (String table : tables(connection)) {
                assertNoIndexRepeatsAnother(connection, table);
            }
        }
    }

    @Test
    void executionsOfAnEventAndAttemptsOfAnActionAreFoundThroughAnIndex() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertLookupsByEventAndActionIndexed(connection);
        }
    }

    @Test
    void anH2DatabaseFromBeforeV8LosesItsDuplicateIndexesWhenUpgraded() throws SQLException {
        String url = "jdbc:h2:mem:schema-upgrade;DB_CLOSE_DELAY=-1";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            migrate(url, "7");
            assertEquals(2, indexes(connection, "executions").values().stream()
                    .filter(columns -> columns.equals(List.of("event_id"))).count(),
                    "before V8 an H2 database holds two indexes on executions(event_id)");
            migrate(url, "latest");
            assertNoIndexRepeatsAnother(connection, "executions");
            assertNoIndexRepeatsAnother(connection, "action_attempts");
            assertLookupsByEventAndActionIndexed(connection);
        }
    }

    private static void migrate(String url, String target) {
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target(target).load().migrate();
    }

    private static void assertNoIndexRepeatsAnother(Connection connection, String table) throws SQLException {
        Map<List<String>, String> seen = new HashMap<>();
        indexes(connection, table).forEach((name, columns) -> {
            String other = seen.putIfAbsent(columns, name);
            assertEquals(null, other, table + ": indexes " + other + " and " + name + " both cover " + columns);
        });
    }

    private static void assertLookupsByEventAndActionIndexed(Connection connection) throws SQLException {
        assertTrue(leadsAnIndex(connection, "executions", "event_id"), "no index on executions(event_id)");
        assertTrue(leadsAnIndex(connection, "action_attempts", "action_id"), "no index on action_attempts(action_id)");
    }

    private static boolean leadsAnIndex(Connection connection, String table, String column) throws SQLException {
        return indexes(connection, table).values().stream().anyMatch(columns -> columns.get(0).equals(column));
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] { "TABLE" })) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        assertTrue(tables.contains("events"), "the migrated tables, read from " + connection.getSchema() + ": " + tables);
        return tables;
    }

    /** Index name → its columns in order, names lower-cased (H2 reports them upper-case). */
    private static Map<String, List<String>> indexes(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String stored = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        Map<String, TreeMap<Integer, String>> byName = new TreeMap<>();
        try (ResultSet rs = meta.getIndexInfo(null, connection.getSchema(), stored, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name != null) {
                    byName.computeIfAbsent(name, n -> new TreeMap<>())
                            .put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        Map<String, List<String>> indexes = new TreeMap<>();
        byName.forEach((name, columns) -> indexes.put(name, List.copyOf(columns.values())));
        return indexes;
    }
}
