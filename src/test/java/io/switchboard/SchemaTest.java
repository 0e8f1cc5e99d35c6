package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/**
 * The start skips Flyway's migration only for a database holding exactly this build's migrations
 * ({@link Schema}): these decide what "current" means on real H2 databases migrated by Flyway
 * itself, and keep {@link Schema#MIGRATIONS} and {@link Schema#CHECKSUMS} in step with the
 * migrations Flyway finds.
 */
class SchemaTest {

    private static final String HISTORY = "\"flyway_schema_history\"";

    @Test
    void theConstantsDescribeTheMigrationsFlywayFinds() throws SQLException {
        String url = "jdbc:h2:mem:schema-constants-check;DB_CLOSE_DELAY=-1";
        try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
            MigrationInfo[] all = flyway(url, "latest").info().pending();
            long checksums = Arrays.stream(all).map(MigrationInfo::getChecksum).filter(Objects::nonNull)
                    .mapToLong(Integer::longValue).sum();
            assertEquals(all.length + " migrations, checksums " + checksums,
                    Schema.MIGRATIONS + " migrations, checksums " + Schema.CHECKSUMS,
                    "a migration was added or changed: set Schema.MIGRATIONS and Schema.CHECKSUMS to these,"
                            + " or restarts would not apply it");
        }
    }

    @Test
    void aNewDatabaseIsNotCurrent() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:schema-new-check", "sa", "")) {
            assertFalse(Schema.isCurrent(connection, HISTORY), "no history table: Flyway must create the schema");
        }
    }

    @Test
    void aDatabaseIsCurrentOnlyWithEveryMigrationAppliedUnchangedAndSuccessfully() throws SQLException {
        String url = "jdbc:h2:mem:schema-current-check;DB_CLOSE_DELAY=-1";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            flyway(url, "7").migrate();
            assertFalse(Schema.isCurrent(connection, HISTORY), "a database behind the latest migration must be migrated");

            flyway(url, "latest").migrate();
            assertTrue(Schema.isCurrent(connection, HISTORY), "fully migrated: the start skips Flyway's migration");

            update(connection, "update " + HISTORY + " set \"checksum\" = \"checksum\" + 1 where \"version\" = '1'");
            assertFalse(Schema.isCurrent(connection, HISTORY),
                    "a migration edited after it was applied goes to Flyway, whose validation reports it");
            update(connection, "update " + HISTORY + " set \"checksum\" = \"checksum\" - 1 where \"version\" = '1'");
            assertTrue(Schema.isCurrent(connection, HISTORY));

            update(connection, "update " + HISTORY + " set \"success\" = false where \"version\" = '9'");
            assertFalse(Schema.isCurrent(connection, HISTORY), "a failed migration goes to Flyway, which reports it");
            update(connection, "update " + HISTORY + " set \"success\" = true where \"version\" = '9'");

            update(connection, "delete from " + HISTORY + " where \"version\" = '6.1'");
            assertFalse(Schema.isCurrent(connection, HISTORY),
                    "a migration missing below the newest (out of order) goes to Flyway");
        }
    }

    @Test
    void theHistoryTableIsTheOneFlywayIsConfiguredWith() {
        assertEquals(HISTORY, Schema.historyTable(Flyway.configure().load().getConfiguration()));
        assertEquals("\"ops\".\"schema_log\"",
                Schema.historyTable(Flyway.configure().schemas("ops").table("schema_log").load().getConfiguration()));
    }

    private static void update(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate(sql), sql);
        }
    }

    private static Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target(target).load();
    }
}
