package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the id sequences of V3 past the rows a database already holds (ids were IDENTITY
 * before). Plain SQL cannot do it portably: PostgreSQL has {@code setval}, H2 {@code alter
 * sequence ... restart with} and neither takes the other's form.
 */
public class V3_1__PositionSequences extends BaseJavaMigration {

    private static final String[] TABLES = { "events", "executions", "actions", "action_attempts" };

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                long next;
                try (ResultSet max = statement.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
                    max.next();
                    next = max.getLong(1);
                }
                if (next > 1) {
                    // One allocation block of margin: Hibernate's pooled optimizer may read the value as a block's high end.
                    next += 50;
                    statement.execute(postgres ? "select setval('" + table + "_seq', " + next + ", false)"
                            : "alter sequence " + table + "_seq restart with " + next);
                }
            }
        }
    }
}
