package io.switchboard.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The status page's chart: events received, rules fired and actions failed (or dead) per minute
 * over the last hour, counted by the database in one grouped query each (portable SQL: H2 and
 * PostgreSQL), drawn server-side as SVG polylines — no chart library, no script.
 */
@ApplicationScoped
public class ActivityChart {

    static final int MINUTES = 60;
    static final int WIDTH = 600;
    static final int HEIGHT = 150;

    /** One line of the chart: its counts per minute, oldest first, and its SVG points. */
    public record Series(String name, String css, List<Long> perMinute, long total, String points) {
    }

    public record Chart(Instant from, Instant to, long max, List<Series> series, int width, int height) {
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public Chart lastHour() {
        Instant now = clock.instant();
        long lastMinute = now.getEpochSecond() / 60;
        Instant from = Instant.ofEpochSecond((lastMinute - MINUTES + 1) * 60);
        return of(from, List.of(
                new Counted("events", "events", count("received_at", "events", "1 = 1", from)),
                new Counted("rules fired", "fired", count("created_at", "executions", "outcome = 'fired'", from)),
                new Counted("actions failed", "failed",
                        count("updated_at", "actions", "status in ('failed', 'dead')", from))));
    }

    /** Counts per minute (minutes since the epoch → rows) of one series. */
    record Counted(String name, String css, Map<Long, Long> byMinute) {
    }

    /** The chart of these counts, for the hour starting at {@code from} (a whole minute): pure, unit-tested. */
    static Chart of(Instant from, List<Counted> counted) {
        long first = from.getEpochSecond() / 60;
        long max = Math.max(1, counted.stream().flatMap(c -> c.byMinute().values().stream()).mapToLong(Long::longValue)
                .max().orElse(1));
        List<Series> series = counted.stream().map(c -> {
            List<Long> perMinute = IntStream.range(0, MINUTES).mapToObj(i -> c.byMinute().getOrDefault(first + i, 0L))
                    .toList();
            String points = IntStream.range(0, MINUTES)
                    .mapToObj(i -> (i * WIDTH / (MINUTES - 1)) + "," + (HEIGHT - perMinute.get(i) * HEIGHT / max))
                    .collect(Collectors.joining(" "));
            return new Series(c.name(), c.css(), perMinute, perMinute.stream().mapToLong(Long::longValue).sum(), points);
        }).toList();
        return new Chart(from, from.plus(Duration.ofMinutes(MINUTES)), max, series, WIDTH, HEIGHT);
    }

    private Map<Long, Long> count(String column, String table, String where, Instant from) {
        String minute = "floor(extract(epoch from " + column + ") / 60)";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + minute + ", count(*) from " + table + " where " + where
                + " and " + column + " >= ?1 group by " + minute)
                .setParameter(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC)).getResultList();
        Map<Long, Long> byMinute = new HashMap<>();
        rows.forEach(row -> byMinute.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
        return byMinute;
    }
}
