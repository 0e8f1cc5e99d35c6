package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/**
 * The start skips Flyway only for a database whose schema is current ({@link Schema}): these
 * decide what "current" means on real H2 databases migrated by Flyway itself, and keep {@link
 * Schema#LATEST} in step with the migrations Flyway finds.
 */
class SchemaTest {

    @Test
    void latestIsTheNewestMigrationFlywayFinds() throws SQLException {
        String url = "jdbc:h2:mem:schema-latest-check;DB_CLOSE_DELAY=-1";
        try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
            List<MigrationInfo> pending = List.of(flyway(url, "latest").info().pending());
            assertEquals(pending.get(pending.size() - 1).getVersion().getVersion(), Schema.LATEST,
                    "a migration newer than Schema.LATEST: raise it, or restarts would skip that migration");
        }
    }

    @Test
    void aNewDatabaseIsNotCurrent() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:schema-new-check", "sa", "")) {
            assertFalse(Schema.isCurrent(connection), "no history table: Flyway must create the schema");
        }
    }

    @Test
    void aDatabaseIsCurrentOnlyOnceTheLatestMigrationSucceeded() throws SQLException {
        String url = "jdbc:h2:mem:schema-current-check;DB_CLOSE_DELAY=-1";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            flyway(url, "7").migrate();
            assertFalse(Schema.isCurrent(connection), "a database behind the latest migration must be migrated");

            flyway(url, "latest").migrate();
            assertTrue(Schema.isCurrent(connection), "fully migrated: the start skips Flyway");

            try (var statement = connection.createStatement()) {
                statement.executeUpdate("update \"flyway_schema_history\" set \"success\" = false where \"version\" = '"
                        + Schema.LATEST + "'");
            }
            assertFalse(Schema.isCurrent(connection), "a failed last migration goes to Flyway, which reports it");
        }
    }

    private static Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target(target).load();
    }
}
