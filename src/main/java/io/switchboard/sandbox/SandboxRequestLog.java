package io.switchboard.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Every request the sandbox's SnapCall API received, so tests can count what Switchboard sent. */
@ApplicationScoped
public class SandboxRequestLog {

    static final int CAPACITY = 10_000;

    /** One request; {@code status} is filled in when the answer is sent (0 for a dropped connection). */
    public static final class Entry {
        public final long seq;
        public final Instant at;
        public final String method;
        public final String path;
        public final String query;
        volatile int status;

        Entry(long seq, String method, String path, String query) {
            this.seq = seq;
            this.at = Instant.now();
            this.method = method;
            this.path = path;
            this.query = query;
        }

        public int status() {
            return status;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long seq;

    public synchronized Entry record(String method, String path, String query) {
        Entry entry = new Entry(++seq, method, path, query);
        entries.addLast(entry);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        return entry;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
