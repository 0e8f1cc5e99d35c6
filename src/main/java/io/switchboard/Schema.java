package io.switchboard;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Brings the database schema up to date before anything uses it, and starts Flyway only when there
 * is a migration to run. Invariant: no table is read or written before {@link #migrate} returned —
 * it is the first {@link StartupEvent} observer (priority 0: {@code @Startup} beans and the other
 * start observers come after it), and Quarkus opens the HTTP socket only once the event is over.
 *
 * <p>Why not {@code quarkus.flyway.migrate-at-start}: Flyway's own start (its classes, its
 * configuration, reading every migration and checking it against the history) cost 35-70 ms of a
 * 1.06 s restart on the main thread (BENCHMARKS.md, session 22), to find the schema current on
 * every start but the first after an upgrade. One query on the history table tells that. What the
 * shortcut gives up: a migration edited after it was applied is reported (Flyway validates) only
 * at the next start that has a migration to run. A new database, one that is behind, or one whose
 * last migration failed goes to Flyway as before; Flyway's lock keeps replicas starting together
 * from migrating twice, and {@code clean-at-start} (the PostgreSQL test profile) still runs first.
 */
@ApplicationScoped
public class Schema {

    private static final Logger LOG = Logger.getLogger(Schema.class);

    /**
     * The newest migration's version as Flyway records it ({@code V6_1__x} is "6.1"). {@code
     * SchemaTest} fails when a newer file is added to {@code db/migration} without raising it.
     */
    static final String LATEST = "9";

    /** Flyway's default history table, created with lower-case quoted names on H2 and PostgreSQL alike. */
    private static final String LAST_APPLIED = "select \"version\", \"success\" from \"flyway_schema_history\""
            + " where \"version\" is not null order by \"installed_rank\" desc limit 1";

    @Inject
    DataSource dataSource;

    @Inject
    Instance<Flyway> flyway;

    void migrate(@Observes @Priority(0) StartupEvent start) {
        boolean current;
        try (Connection connection = dataSource.getConnection()) {
            current = isCurrent(connection);
        } catch (SQLException e) {
            current = false; // Flyway reports an unreachable database in its own words below
        }
        if (!current) {
            LOG.infof("Schema not at version %s: migrating", LATEST);
            flyway.get().migrate();
        }
    }

    /** Whether the last migration applied is {@link #LATEST} and succeeded; false without a history. */
    static boolean isCurrent(Connection connection) {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(LAST_APPLIED)) {
            return rows.next() && LATEST.equals(rows.getString(1)) && rows.getBoolean(2);
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }
}
