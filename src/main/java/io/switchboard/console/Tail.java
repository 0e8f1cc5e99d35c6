package io.switchboard.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Follows a table that grows by time (traces, events) for a live view: each look reads the rows
 * stamped since a little before the newest one seen — replicas and transactions commit rows
 * stamped a moment earlier than others already visible — and hands on only the rows not handed
 * on before, oldest first. Reading the database rather than listening in memory shows what
 * every replica decided. Not thread-safe: one per stream.
 */
public final class Tail<T> {

    /** How far back each look reaches behind the newest row seen. */
    static final Duration OVERLAP = Duration.ofSeconds(5);

    private final Function<T, Long> id;
    private final Function<T, Instant> at;
    private final Map<Long, Instant> seen = new HashMap<>();
    private final Instant start;
    private Instant newest;

    /** {@code start}: when the page that follows was drawn; rows stamped before it are on the page already. */
    public Tail(Instant start, Function<T, Long> id, Function<T, Instant> at) {
        this.start = start;
        this.newest = start;
        this.id = id;
        this.at = at;
    }

    /** Where the next look starts. */
    public Instant since() {
        return newest.minus(OVERLAP);
    }

    /** The rows of a look (any order) that were not handed on yet, oldest first. */
    public List<T> fresh(List<T> found) {
        List<T> fresh = found.stream().filter(row -> !at.apply(row).isBefore(start) && !seen.containsKey(id.apply(row)))
                .sorted(Comparator.comparing(at).thenComparing(id)).toList();
        for (T row : fresh) {
            seen.put(id.apply(row), at.apply(row));
            if (at.apply(row).isAfter(newest)) {
                newest = at.apply(row);
            }
        }
        Instant forget = since().minus(OVERLAP);
        seen.values().removeIf(t -> t.isBefore(forget));
        return fresh;
    }
}
