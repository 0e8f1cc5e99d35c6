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

    /** One row's values, in the order of the insert's parameters (null where a column is empty). */
    @FunctionalInterface
    public interface Values<T> {
        Object[] of(T row);
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
    public <T> void insert(String sql, List<T> rows, Values<T> values) {
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    Object[] columns = values.of(row);
                    for (int i = 0; i < columns.length; i++) {
                        bind(insert, i + 1, columns[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** An {@link Instant} as Hibernate binds it (a {@code timestamp with time zone} in UTC); others as they are. */
    private static void bind(PreparedStatement insert, int index, Object value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.NULL); // the column's own type (PostgreSQL infers it)
        } else if (value instanceof Instant instant) {
            insert.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            insert.setObject(index, value);
        }
    }
}
