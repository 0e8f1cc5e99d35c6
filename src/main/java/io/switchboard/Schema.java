package io.switchboard;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Brings the database schema up to date before anything uses it, and runs Flyway's migration only
 * when the schema is not exactly this build's. Invariant: no table is read or written before
 * {@link #migrate} returned — it observes {@link StartupEvent} ahead of everything else (priority
 * -1: the scheduler starts at 0 and runs no job before the application is running, {@code
 * @Startup} beans and the other start observers come at 2500), and Quarkus opens the HTTP socket
 * only once the event is over.
 *
 * <p>Why not {@code quarkus.flyway.migrate-at-start}: Flyway's migrate step (reading every
 * migration, checking each against the history) cost 35-100 ms of a restart on the main thread
 * (BENCHMARKS.md, session 22), to find the schema current on every start but the first after an
 * upgrade. One query on the history table tells that: the schema is current when exactly {@link
 * #MIGRATIONS} versioned migrations were applied, none failed, and their checksums add up to
 * {@link #CHECKSUMS} — so a migration edited after it was applied, or one numbered below the
 * newest (out of order), still goes to Flyway, which reports it as it always did. A new database,
 * one that is behind, or one from a newer build goes to Flyway as before; Flyway's lock keeps
 * replicas starting together from migrating twice, and {@code clean-at-start} (the PostgreSQL test
 * profile) still runs first, in Quarkus's own start step.
 */
@ApplicationScoped
public class Schema {

    private static final Logger LOG = Logger.getLogger(Schema.class);

    /** How many versioned migrations this build has ({@code SchemaTest} counts what Flyway finds). */
    static final int MIGRATIONS = 11;

    /** The sum of their checksums (SQL migrations' CRC32; Java ones have none): {@code SchemaTest} adds them up. */
    static final long CHECKSUMS = -3_938_407_847L;

    @Inject
    DataSource dataSource;

    /** Quarkus creates it at every start anyway (its start step); only {@code migrate()} is skipped. */
    @Inject
    Flyway flyway;

    void migrate(@Observes @Priority(-1) StartupEvent start) {
        boolean current;
        try (Connection connection = dataSource.getConnection()) {
            current = isCurrent(connection, historyTable(flyway.getConfiguration()));
        } catch (SQLException e) {
            current = false; // Flyway reports an unreachable database in its own words below
        }
        if (!current) {
            LOG.infof("Schema differs from this build's %d migrations: migrating", MIGRATIONS);
            flyway.migrate();
        }
    }

    /** Flyway's history table as configured, in the schema Flyway would use (the connection's, by default). */
    static String historyTable(Configuration configuration) {
        String schema = configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
                : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
        return (schema == null ? "" : quoted(schema) + ".") + quoted(configuration.getTable());
    }

    /** Whether exactly this build's migrations were applied, unchanged and successfully; false without a history. */
    static boolean isCurrent(Connection connection, String historyTable) {
        String applied = "select count(*), coalesce(sum(cast(\"checksum\" as bigint)), 0),"
                + " sum(case when \"success\" then 0 else 1 end) from " + historyTable + " where \"version\" is not null";
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(applied)) {
            return rows.next() && rows.getInt(1) == MIGRATIONS && rows.getLong(2) == CHECKSUMS && rows.getInt(3) == 0;
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
