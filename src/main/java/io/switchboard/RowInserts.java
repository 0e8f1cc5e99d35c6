package io.switchboard;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Inserts the rows the pipeline writes for every event (events, traces, actions, attempts)
 * as plain JDBC batches, in the caller's transaction. Through Hibernate each row was a persist,
 * an entity entry, an action-queue entry and a step of the flush: a fifth of the intake writer's
 * time at full load (BENCHMARKS.md, session 14). Ids still come from the entity's own generator
 * (its pooled sequence), so a row stored here and one stored through Hibernate never share an
 * id. The entities stay what reads use; a row inserted here is not in the persistence context,
 * so a change made to its object afterwards is not saved.
 */
@ApplicationScoped
public class RowInserts {

    /** Sets one row's parameters on the insert. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    @Inject
    EntityManager em;

    /** A new id for {@code entity}, from its entity's id generator. */
    public long nextId(Object entity) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        var generator = (BeforeExecutionGenerator) session.getEntityPersister(null, entity).getGenerator();
        return ((Number) generator.generate(session, entity, null, EventType.INSERT)).longValue();
    }

    /** Inserts {@code rows} with {@code sql}, one JDBC batch, in the caller's transaction. */
    public <T> void insert(String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** A {@code timestamp with time zone} parameter, as Hibernate binds an {@link Instant} (UTC). */
    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
