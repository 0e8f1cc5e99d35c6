package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2 only: drops two indexes that repeat one H2 made itself. H2 gives every foreign key an
 * index of its own; PostgreSQL indexes none, so V2 created {@code executions_event} and
 * {@code action_attempts_action} for it, and on H2 each duplicates its foreign key's index on the
 * same column. Every index is written at each commit that adds a row (two of the ~20 index and
 * table writes an event costs); lookups by event and by action use the foreign keys' indexes.
 * One migration for both databases, so they keep one version sequence.
 */
public class V8__DropDuplicateIndexes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop index if exists executions_event");
            statement.execute("drop index if exists action_attempts_action");
        }
    }
}
