package io.switchboard.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every request the sandbox's SnapCall API received, so tests can count what Switchboard sent
 * and read what it sent: the body exactly as received, and which key it carried — named
 * ({@code account}, {@code partner}, {@code none}, {@code unknown}), never the key itself. Bodies are
 * kept for the newest {@link #BODIES} requests only, each cut at {@link #MAX_BODY} characters, so
 * a long run (a benchmark against the sandbox) keeps the log small.
 */
@ApplicationScoped
public class SandboxRequestLog {

    static final int CAPACITY = 10_000;
    static final int BODIES = 1_000;
    static final int MAX_BODY = 4_096;

    /** Where the gate leaves a request's entry in its routing context, for the body to be added once read. */
    static final String ENTRY = "switchboard.sandbox.log-entry";

    /** Which key a request carried. */
    public enum Key {
        ACCOUNT, PARTNER, NONE,
        /** A key the sandbox does not know. */
        UNKNOWN
    }

    /** One request; {@code status} is filled in when the answer is sent (0 for a dropped connection). */
    public static final class Entry {
        public final long seq;
        public final Instant at;
        public final String method;
        public final String path;
        public final String query;
        public final Key key;
        volatile String body;
        volatile int status;

        Entry(long seq, String method, String path, String query, Key key) {
            this.seq = seq;
            this.at = Instant.now();
            this.method = method;
            this.path = path;
            this.query = query;
            this.key = key;
        }

        public int status() {
            return status;
        }

        /** The body as received; null when there was none or it is no longer kept. */
        public String body() {
            return body;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Deque<Entry> withBodies = new ArrayDeque<>();
    private long seq;

    public synchronized Entry record(String method, String path, String query, Key key) {
        Entry entry = new Entry(++seq, method, path, query, key);
        entries.addLast(entry);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        return entry;
    }

    /** The body {@code entry} came with, once read (by the resource's filter, or by the gate when it answers itself). */
    public synchronized void keepBody(Entry entry, String body) {
        if (body == null || body.isEmpty() || entry.body != null) {
            return;
        }
        entry.body = body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "…";
        withBodies.addLast(entry);
        if (withBodies.size() > BODIES) {
            withBodies.removeFirst().body = null;
        }
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
        withBodies.clear();
    }
}
