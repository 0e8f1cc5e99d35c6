package io.switchboard.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.AfterCommit;
import io.switchboard.Tick;
import io.switchboard.rule.EvaluationContext;
import io.switchboard.rule.StateView;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * What Switchboard last read from SnapCall (agents, buttons, recent calls): stored in the
 * database so every replica and every restart sees the same, and mirrored in memory as one
 * immutable {@link Mirror} swapped atomically — readers never lock and never see a half-applied
 * change.
 *
 * <p>Writes lock only the item's own row (callers write in key order, so two writers cannot
 * deadlock), and take a number from a sequence when the data changed: there is no global row
 * that every write updates. This instance applies its own writes to the mirror after they
 * commit; other replicas' writes are read incrementally ({@code version} above what was seen),
 * with a full reload now and then to heal gaps (a write that committed out of sequence order,
 * rows deleted elsewhere). On the embedded H2 no other process can open the database file, so
 * the incremental reads (which re-read the last seconds' writes every second) are skipped there.
 */
@ApplicationScoped
public class KnownState implements StateView {

    public static final String AGENT = "agent";
    public static final String BUTTON = "button";
    public static final String CALL = "call";

    /** How far back (in time) incremental reads start again: longer than any writer's transaction. */
    static final long OVERLAP_MILLIS = 10_000;

    /** Items a listing forgets per transaction. */
    static final int FORGET_CHUNK = 1_000;

    /** Keys per locked read of {@link #recordAll}. */
    static final int LOCK_CHUNK = 64;

    /** JSON equality where 2 and 2.0 are the same number (a stored int reads back as another node type). */
    public static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    public static boolean same(JsonNode a, JsonNode b) {
        return a == null ? b == null : b != null && a.equals(SAME_VALUE, b);
    }

    @Inject
    EntityManager em;

    @Inject
    StateConfig config;

    @Inject
    AfterCommit afterCommit;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    /** The state at one moment; {@code version} is the highest table version read into it. */
    record Mirror(Map<String, ItemMap> kinds, long version, EvaluationContext.State evaluation) {

        ItemMap kind(String kind) {
            return kinds.getOrDefault(kind, ItemMap.EMPTY);
        }

        /** Applies items that are newer than what the mirror holds (a null item removes the key). */
        Mirror with(Map<String, Map<String, Item>> changes, long readVersion) {
            Map<String, ItemMap> next = new HashMap<>(kinds);
            changes.forEach((kind, items) -> {
                ItemMap current = kind(kind);
                Map<String, Item> newer = new HashMap<>();
                items.forEach((key, item) -> {
                    Item known = current.get(key);
                    // Per key, the row's sequence (bumped under its lock) orders changes, then the time read.
                    if (item == null || known == null || item.sequence() > known.sequence()
                            || (item.sequence() == known.sequence() && item.seenAt().isAfter(known.seenAt()))) {
                        newer.put(key, item);
                    }
                });
                next.put(kind, current.with(newer));
            });
            return of(next, Math.max(version, readVersion));
        }

        static Mirror of(Map<String, ItemMap> kinds, long version) {
            ItemMap agents = kinds.getOrDefault(AGENT, ItemMap.EMPTY);
            ItemMap buttons = kinds.getOrDefault(BUTTON, ItemMap.EMPTY);
            ItemMap calls = kinds.getOrDefault(CALL, ItemMap.EMPTY);
            // Views, not copies: an item is converted for CEL when a condition reads it, once.
            // Conditions see the most recent calls only (EvaluationContext.MAX_CALLS): the iteration budget covers them.
            EvaluationContext.State evaluation = new EvaluationContext.State(agents.asMap(Item::celValue),
                    buttons.asMap(Item::celValue), new LazyList(() -> calls.items()
                            .sorted(Comparator.comparing(c -> c.data().path("created_at").asText("")))
                            .skip(Math.max(0, calls.size() - EvaluationContext.MAX_CALLS))
                            .map(Item::celValue).toList()));
            return new Mirror(Map.copyOf(kinds), version, evaluation);
        }
    }

    private volatile Mirror mirror = Mirror.of(Map.of(), 0);
    /** The dialect's statement for the next {@code snapshots_version_seq} value, looked up once. */
    private volatile String nextVersionSql;
    /** The mirror's version at each of the last refreshes, oldest first: incremental reads start a few seconds back. */
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();
    private volatile Instant lastFullLoad = Instant.EPOCH;
    /** This instance's writes applied while a reload or a refresh reads (null when none does): applied again after it. */
    private List<Map<String, Map<String, Item>>> sinceReloadStarted;
    private final Object reloading = new Object();

    /**
     * What recording changed: the state before (empty at first sighting), and the item's
     * sequence after — bumped by each change of its data, so it names this change uniquely.
     * {@code stale}: what was stored had been read later than this (a poll that read before our
     * own request was answered), so it was kept and nothing changed.
     */
    public record Recorded(Optional<Item> previous, long sequence, boolean stale) {
    }

    /** Reads one item inside the caller's transaction. */
    public Optional<Item> find(String kind, String key) {
        return Optional.ofNullable(Snapshot.<Snapshot> findById(new Snapshot.Key(kind, key))).map(KnownState::item);
    }

    /** Records what SnapCall said, in the caller's transaction; the mirror takes it after the commit. */
    public Recorded record(String kind, String key, JsonNode data, Instant seenAt) {
        return recordAll(kind, Map.of(key, data), seenAt).get(key);
    }

    /**
     * Records several items of a kind in the caller's transaction, with plain JDBC, taking every
     * row lock in key order ({@link String#compareTo}, the order of every writer of the table),
     * an insert's included: a key not stored yet is inserted when its turn comes, before the keys
     * after it are locked. (Inserted after all the locks instead, a settle that locked agent B and
     * then inserted A deadlocked with a poll that had inserted A and waited for B: PostgreSQL
     * broke it after a second, H2 timed out; {@code KnownStateBulkTest} reproduces it.)
     * PostgreSQL locks key by key; an insert that finds the key just stored by another writer
     * stores nothing and locks that row instead. H2 locks {@value #LOCK_CHUNK} keys at a time in
     * one primary-key walk when the mirror knows them all or none is to be added, else key by
     * key; its insert of a key another writer just stored fails as a duplicate, and the caller's
     * transaction is tried again. The changed rows are then updated in one batch. (Through Hibernate each item was a
     * locked load, a persist and a dirty check: 7.5% of the service's CPU at full load.)
     */
    public Map<String, Recorded> recordAll(String kind, Map<String, JsonNode> items, Instant seenAt) {
        return recordAll(kind, items, seenAt, () -> true);
    }

    /**
     * {@link #recordAll(String, Map, Instant)}, where a key without a row is added only if
     * {@code addNew} says so (else skipped, and missing from the answer); asked at most once,
     * before the rows it concerns are locked: on H2 when the mirror lacks a key of a chunk (its
     * row may still be there, stored by a writer whose commit the mirror has not taken in yet), on
     * PostgreSQL before locking a key the mirror lacks, and wherever a key has no stored row.
     */
    public Map<String, Recorded> recordAll(String kind, Map<String, JsonNode> items, Instant seenAt, BooleanSupplier addNew) {
        if (items.isEmpty()) {
            return Map.of();
        }
        List<String> keys = items.keySet().stream().sorted().toList();
        boolean postgres = "postgresql".equals(dbKind);
        ItemMap known = mirror.kind(kind);
        Written written = written();
        BooleanSupplier addsNew = once(addNew);
        Map<String, Recorded> out = new LinkedHashMap<>();
        List<Item> updates = new ArrayList<>();
        em.unwrap(Session.class).doWork(connection -> {
            try (RowStatements rows = new RowStatements(connection, postgres, kind)) {
                for (int from = 0; from < keys.size(); from += LOCK_CHUNK) {
                    List<String> chunk = keys.subList(from, Math.min(keys.size(), from + LOCK_CHUNK));
                    // A walk of a chunk with a key the mirror lacks would lock the keys after it before inserting
                    // it; when no key is to be added, the walk only finds that key absent, as a lock of it would.
                    Map<String, Item> walked = !postgres
                            && (chunk.stream().allMatch(key -> known.get(key) != null) || !addsNew.getAsBoolean())
                                    ? lockStored(connection, kind, chunk) : null;
                    for (String key : chunk) {
                        String text = fitted(items.get(key));
                        if (postgres && known.get(key) == null) {
                            // Asked before the lock, not after it finds no row: a listing that stores the key and
                            // ends its round in between is then seen by the lock instead of being left to stand
                            // with its older reading over a dropped result. (H2 asks before its walk, above.)
                            addsNew.getAsBoolean();
                        }
                        Item before = walked != null ? walked.get(key) : rows.lock(key);
                        Change change = null;
                        while (change == null) {
                            if (before != null) {
                                change = change(before, key, text, seenAt, written::version);
                            } else if (!addsNew.getAsBoolean()) {
                                break;
                            } else { // a new key (or one deleted since the mirror saw it): inserted in its turn
                                Change created = change(null, key, text, seenAt, written::version);
                                if (rows.insert(created.after())) {
                                    change = created;
                                } else {
                                    before = rows.lock(key); // stored meanwhile by a writer that committed first
                                }
                            }
                        }
                        if (change == null) {
                            continue; // not stored, and not to be added
                        }
                        out.put(key, change.recorded());
                        if (change.after() != null) {
                            written.items().computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(key, change.after());
                            if (before != null && change.after() != before) {
                                updates.add(change.after());
                            }
                        }
                    }
                }
            }
            if (updates.isEmpty()) {
                return;
            }
            try (PreparedStatement update = connection.prepareStatement("update snapshots set data = ?, seen_at = ?, "
                    + "sequence = ?, version = ? where kind = ? and item_key = ?")) {
                for (Item item : updates) {
                    update.setString(1, item.json());
                    update.setObject(2, OffsetDateTime.ofInstant(item.seenAt(), ZoneOffset.UTC));
                    update.setLong(3, item.sequence());
                    update.setLong(4, item.version());
                    update.setString(5, kind);
                    update.setString(6, item.key());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
        return out;
    }

    /**
     * The item as stored: itself when its JSON fits its column; otherwise a copy with its largest
     * fields' values replaced by a note of their length, until it fits — so what SnapCall answered
     * always records (a settle that could not would be tried forever, its target blocked), the
     * small fields rules and {@code no_change} look at stay known, and a later send of an omitted
     * value never matches the note, so it is sent. A poller compares what it read in this form
     * with what is stored, so an omitted value does not look changed at every read.
     */
    public static JsonNode fit(JsonNode data) {
        int length = data.toString().length();
        if (length <= Snapshot.DATA_LENGTH) {
            return data;
        }
        if (data instanceof ObjectNode object) {
            ObjectNode trimmed = object.deepCopy();
            List<Map.Entry<String, Integer>> bySize = new ArrayList<>();
            object.properties().forEach(e -> bySize.add(Map.entry(e.getKey(), e.getValue().toString().length())));
            bySize.sort(Map.Entry.<String, Integer> comparingByValue().reversed());
            int left = length;
            for (Map.Entry<String, Integer> field : bySize) {
                String note = "(omitted: " + field.getValue() + " characters)";
                trimmed.put(field.getKey(), note);
                left -= field.getValue() - (note.length() + 2);
                if (left <= Snapshot.DATA_LENGTH && trimmed.toString().length() <= Snapshot.DATA_LENGTH) {
                    return trimmed;
                }
            }
        }
        return JsonNodeFactory.instance.objectNode().put("omitted", length + " characters");
    }

    /** {@link #fit}'s JSON, serialized once when it fits. */
    static String fitted(JsonNode data) {
        String text = data.toString();
        return text.length() <= Snapshot.DATA_LENGTH ? text : fit(data).toString();
    }

    /** Asks {@code question} at most once (it may query). */
    private static BooleanSupplier once(BooleanSupplier question) {
        Boolean[] answer = new Boolean[1];
        return () -> answer[0] != null ? answer[0] : (answer[0] = question.getAsBoolean());
    }

    /** The one-key lock and the insert of {@link #recordAll}, each prepared when first needed. */
    private static final class RowStatements implements AutoCloseable {

        private final Connection connection;
        private final boolean postgres;
        private final String kind;
        private PreparedStatement lock;
        private PreparedStatement insert;

        RowStatements(Connection connection, boolean postgres, String kind) {
            this.connection = connection;
            this.postgres = postgres;
            this.kind = kind;
        }

        /** The stored row of one key, locked; null when there is none. */
        Item lock(String key) throws SQLException {
            if (lock == null) {
                lock = connection.prepareStatement(lockSql(postgres, 1));
            }
            lock.setString(1, kind);
            lock.setString(2, key);
            Map<String, Item> found = new HashMap<>(2);
            readStored(lock, found);
            return found.get(key);
        }

        /**
         * Inserts a new item; false when PostgreSQL found the key stored by another writer
         * meanwhile (it waits for that writer's commit, so the row is there to lock).
         */
        boolean insert(Item item) throws SQLException {
            if (insert == null) {
                insert = connection.prepareStatement(insertSql(postgres));
            }
            insert.setString(1, kind);
            insert.setString(2, item.key());
            insert.setString(3, item.json());
            insert.setObject(4, OffsetDateTime.ofInstant(item.seenAt(), ZoneOffset.UTC));
            insert.setLong(5, item.sequence());
            insert.setLong(6, item.version());
            return insert.executeUpdate() == 1;
        }

        @Override
        public void close() throws SQLException {
            if (lock != null) {
                lock.close();
            }
            if (insert != null) {
                insert.close();
            }
        }
    }

    static String insertSql(boolean postgres) {
        return "insert into snapshots (kind, item_key, data, seen_at, sequence, version) values (?, ?, ?, ?, ?, ?)"
                + (postgres ? " on conflict (kind, item_key) do nothing" : "");
    }

    /**
     * What recording one item does, from its stored row alone: {@code after} is the item as it
     * will be stored (the mirror takes it), null when the stored one was read later (stale).
     */
    record Change(Recorded recorded, Item after) {
    }

    static Change change(Item stored, String key, String text, Instant seenAt, LongSupplier nextVersion) {
        if (stored == null) {
            return new Change(new Recorded(Optional.empty(), 1, false), new Item(key, text, seenAt, 1, nextVersion.getAsLong()));
        }
        if (seenAt.isBefore(stored.seenAt())) {
            return new Change(new Recorded(Optional.of(stored), stored.sequence(), true), null);
        }
        boolean changed = !stored.json().equals(text);
        Instant seen = seenAt.isAfter(stored.seenAt()) ? seenAt : stored.seenAt();
        if (!changed && seen.equals(stored.seenAt())) {
            return new Change(new Recorded(Optional.of(stored), stored.sequence(), false), stored);
        }
        long sequence = changed ? stored.sequence() + 1 : stored.sequence();
        Item after = new Item(key, text, seen, sequence, changed ? nextVersion.getAsLong() : stored.version());
        return new Change(new Recorded(Optional.of(stored), sequence, false), after);
    }

    /**
     * Reads and locks the stored rows of {@code keys} (sorted), in key order. H2: {@value
     * #LOCK_CHUNK} keys per statement, a row-value IN list padded to a power of two (a few
     * statements serve every size), which H2 walks through the primary key in its order, locking
     * each row as it reads it ({@code KnownStateBulkTest} checks the plan). PostgreSQL: one
     * primary-key lookup per key. A list there is planned from statistics a young table does not
     * have (autovacuum analyzes it later): PostgreSQL took {@code kind = ?} to match few rows, walked
     * every button of the index and filtered them, and at full load every settle then read the
     * whole table ({@code KnownStateBulkTest} reproduces it: 201,000 rows read where 1,000 do).
     */
    static String lockSql(boolean postgres, int size) {
        return "select item_key, data, seen_at, sequence, version from snapshots where "
                + (postgres ? "kind = ? and item_key = ?"
                        : "(kind, item_key) in (" + String.join(", ", Collections.nCopies(size, "(?, ?)")) + ")")
                + " for update";
    }

    /**
     * H2: the stored rows of one chunk of keys (at most {@value #LOCK_CHUNK}), locked in one
     * primary-key walk; the list is padded to a power of two, so H2 parses a few statement shapes.
     */
    private static Map<String, Item> lockStored(Connection connection, String kind, List<String> chunk) throws SQLException {
        Map<String, Item> stored = new HashMap<>();
        int size = Integer.highestOneBit(chunk.size() * 2 - 1);
        try (PreparedStatement select = connection.prepareStatement(lockSql(false, size))) {
            for (int i = 0; i < size; i++) {
                select.setString(2 * i + 1, kind);
                select.setString(2 * i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
            }
            readStored(select, stored);
        }
        return stored;
    }

    private static void readStored(PreparedStatement select, Map<String, Item> stored) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String key = rows.getString(1);
                stored.put(key, new Item(key, rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant(),
                        rows.getLong(4), rows.getLong(5)));
            }
        }
    }

    /**
     * Whether a round of {@code poller} (a listing) has started and not ended, on any replica:
     * its claim ({@code last_run_at}) is not the last ended round's ({@code ended_run_at}, as
     * {@code PollCursor.roundUnderway()} reads it). A round that failed has ended:
     * what it read, if anything, is stored by then. In the caller's transaction.
     */
    public boolean roundUnderway(String poller) {
        // Plain JDBC: a settle asks it per batch, and Hibernate's native query cost 2.6% of the CPU at full load.
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select last_run_at, ended_run_at from poll_cursors where poller = ?")) {
                select.setString(1, poller);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    OffsetDateTime run = row.getObject(1, OffsetDateTime.class);
                    OffsetDateTime ended = row.getObject(2, OffsetDateTime.class);
                    return run != null && (ended == null || !ended.toInstant().equals(run.toInstant()));
                }
            }
        });
    }

    /** Drops calls older than the calls window, in the caller's transaction (a few per poll). */
    public void pruneCalls(Instant now) {
        Instant limit = now.minus(config.callsWindow());
        forget(CALL, mirror.kind(CALL).items().filter(c -> {
            Instant created = createdAt(c.data());
            return created != null && created.isBefore(limit);
        }).map(Item::key).sorted().toList(), null); // key order: the order every writer locks rows in
    }

    /**
     * After a full listing read at {@code readAt}: forgets the items of {@code kind} it did not
     * list (gone from SnapCall), unless something newer than the listing was recorded for them.
     * Outside any transaction, in transactions of {@value #FORGET_CHUNK} items: a listing can drop
     * tens of thousands at once (every button a job named that the account does not have), and
     * one transaction of them all held a second copy of each — a run of full GCs each time.
     */
    public void retainListed(String kind, Set<String> listed, Instant readAt) {
        List<String> keys = mirror.kind(kind).items().filter(i -> !listed.contains(i.key()) && i.seenAt().isBefore(readAt))
                .map(Item::key).sorted().toList();
        for (int from = 0; from < keys.size(); from += FORGET_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + FORGET_CHUNK));
            QuarkusTransaction.requiringNew().run(() -> forget(kind, chunk, readAt));
        }
    }

    /**
     * Deletes items in the current transaction, by primary key (an IN list over the two-column
     * key scans on H2), as one JDBC batch; with {@code seenBefore}, only rows not recorded since
     * (a settle may have recorded one after the listing was read: it stays).
     */
    private void forget(String kind, List<String> keys, Instant seenBefore) {
        if (keys.isEmpty()) {
            return;
        }
        em.flush(); // anything this transaction queued in the entity manager goes first, in its order
        int[] deleted = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from snapshots where kind = ? and item_key = ?"
                    + (seenBefore == null ? "" : " and seen_at < ?"))) {
                for (String key : keys) {
                    delete.setString(1, kind);
                    delete.setString(2, key);
                    if (seenBefore != null) {
                        delete.setObject(3, OffsetDateTime.ofInstant(seenBefore, ZoneOffset.UTC));
                    }
                    delete.addBatch();
                }
                return delete.executeBatch();
            }
        });
        Map<String, Item> gone = written().items().computeIfAbsent(kind, k -> new LinkedHashMap<>());
        for (int i = 0; i < keys.size(); i++) {
            if (deleted[i] != 0) { // 1, or SUCCESS_NO_INFO (-2): a driver that does not count
                gone.put(keys.get(i), null);
            }
        }
    }

    /** The known item, from the mirror (no database access). */
    public Optional<Item> item(String kind, String key) {
        return Optional.ofNullable(mirror.kind(kind).get(key));
    }

    /** Every known item of a kind, from the mirror. */
    public List<Item> items(String kind) {
        return List.copyOf(mirror.kind(kind).values());
    }

    /**
     * What conditions see as agents, buttons and calls: this instance's writes as soon as they
     * committed (and the caller's own transaction's), other replicas' within a second
     * ({@link #refresh}) — no query on the engine's path.
     */
    public EvaluationContext.State evaluationState() {
        // Inside a transaction that wrote state (a poll), its rules see what it wrote.
        Written pending = afterCommit.collected(KnownState.class);
        return pending == null || pending.items().isEmpty() ? mirror.evaluation()
                : mirror.with(pending.items(), 0).evaluation();
    }

    /**
     * Reads the table before the service decides or sends anything (the start's taken-over
     * actions included, {@code OutboxWorker}): a result merged into an empty mirror would store
     * SnapCall's partial answer over the whole item, and a rule would see nothing known.
     */
    void load(@Observes @Priority(1000) StartupEvent start) {
        reload();
    }

    /**
     * Reads what other replicas wrote since the last look (one indexed query, usually empty),
     * and every minute the whole table. Unshared (the embedded H2: this process alone writes the
     * table, and the mirror takes each of its writes at commit) the table is read once, at
     * start: a periodic full read would only hold a second copy of every item for a while
     * (with 75,000 known buttons it set off a run of full GCs each minute, BENCHMARKS.md). The
     * first read is the start's ({@link #load}).
     */
    @Tick
    @Scheduled(every = "${switchboard.state.refresh:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void refresh() {
        boolean shared = config.shared().orElse(!"h2".equals(dbKind));
        if (lastFullLoad.equals(Instant.EPOCH) || shared && lastFullLoad.isBefore(clock.instant().minus(config.fullReload()))) {
            reload();
            return;
        }
        if (!shared) {
            return;
        }
        // Re-read what was written in the last few seconds: a version taken earlier may commit later.
        long since = overlapFrom();
        read(since, false);
    }

    /**
     * Reads the whole table again (tests that empty it call this too). The read holds no lock:
     * this instance's writes that commit meanwhile are applied to the mirror as usual and noted,
     * then applied again over what was read (it may predate them) — so a reload never holds up
     * the commits that hand their writes over, however many items there are.
     */
    public void reload() {
        Instant started = clock.instant();
        read(-1, true);
        lastFullLoad = started;
    }

    /**
     * Reads the rows of versions above {@code afterVersion} (-1: all), one read at a time (a
     * second waits, then reads anew), the full reload's and the refresh's alike: what this instance wrote while the read ran goes over what it read. Without that, a
     * refresh that read rows before this instance deleted them put them back in the mirror after
     * the delete's hand-off took them out (deletions carry no version to compare).
     */
    private void read(long afterVersion, boolean whole) {
        synchronized (reloading) {
            synchronized (this) {
                sinceReloadStarted = new ArrayList<>();
            }
            try {
                Read read = QuarkusTransaction.joiningExisting().call(() -> readAbove(afterVersion));
                synchronized (this) {
                    if (whole || !read.items().isEmpty()) {
                        apply(read, whole);
                    }
                    sinceReloadStarted.forEach(written -> mirror = mirror.with(written, 0));
                }
            } finally {
                synchronized (this) {
                    sinceReloadStarted = null;
                }
            }
        }
    }

    private synchronized long overlapFrom() {
        long nowMillis = clock.millis();
        marks.addLast(new long[] { nowMillis, mirror.version() });
        while (marks.size() > 1 && marks.peekFirst()[0] < nowMillis - OVERLAP_MILLIS) {
            marks.pollFirst();
        }
        return marks.peekFirst()[1];
    }

    /** Items read from the table, and the highest version among them. */
    private record Read(Map<String, Map<String, Item>> items, long maxVersion) {
    }

    /**
     * The rows of versions above {@code afterVersion} as items, streamed a thousand rows at a time
     * and without the mirror's lock: a full read of 115,000 known buttons held as result rows took
     * 55 MB and ran a 96 MB heap out of memory on PostgreSQL (BENCHMARKS.md, session 12).
     */
    private Read readAbove(long afterVersion) {
        Map<String, Map<String, Item>> read = new HashMap<>();
        Mirror current = mirror;
        // Plain JDBC, streamed: Hibernate's native query cost 13-30 ms of the start (its first use) for an empty table.
        long highest = em.unwrap(Session.class).doReturningWork(connection -> {
            long top = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "select kind, item_key, data, seen_at, sequence, version from snapshots where version > ?")) {
                select.setFetchSize(1000);
                select.setLong(1, afterVersion);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String kind = rows.getString(1);
                        String key = rows.getString(2);
                        Instant seenAt = rows.getObject(4, OffsetDateTime.class).toInstant();
                        long sequence = rows.getLong(5);
                        long version = rows.getLong(6);
                        top = Math.max(top, version);
                        Item known = current.kind(kind).get(key);
                        // The mirror's own item when nothing changed (the column may hold the time less precisely): a
                        // reload then allocates rows, not a second copy of the state.
                        boolean unchanged = known != null && known.sequence() == sequence && known.version() == version
                                && !seenAt.isAfter(known.seenAt());
                        Item item = unchanged ? known : new Item(key, rows.getString(3), seenAt, sequence, version);
                        read.computeIfAbsent(kind, k -> new HashMap<>()).put(key, item);
                    }
                }
            }
            return top;
        });
        return new Read(read, highest);
    }

    private synchronized void apply(Read read, boolean whole) {
        if (whole) {
            Map<String, ItemMap> kinds = new HashMap<>();
            read.items().forEach((kind, items) -> kinds.put(kind, ItemMap.EMPTY.with(items)));
            mirror = Mirror.of(kinds, read.maxVersion());
        } else {
            mirror = mirror.with(read.items(), read.maxVersion());
        }
    }

    private synchronized void applyOwn(Map<String, Map<String, Item>> written) {
        mirror = mirror.with(written, 0);
        if (sinceReloadStarted != null) {
            sinceReloadStarted.add(written);
        }
    }

    /**
     * This transaction's writes, applied to the mirror once it commits (never after a rollback),
     * and the one version number they all carry: taken once per transaction, since they become
     * visible to other replicas together.
     */
    private final class Written {
        private final Map<String, Map<String, Item>> items = new HashMap<>();
        private long version = -1;

        Map<String, Map<String, Item>> items() {
            return items;
        }

        long version() {
            if (version < 0) {
                // Plain JDBC: a native query through the entity manager cost 2% of the CPU at full load.
                version = em.unwrap(Session.class).doReturningWork(connection -> {
                    try (PreparedStatement next = connection.prepareStatement(nextVersionSql());
                            ResultSet row = next.executeQuery()) {
                        row.next();
                        return row.getLong(1);
                    }
                });
            }
            return version;
        }
    }

    private String nextVersionSql() {
        String sql = nextVersionSql;
        if (sql == null) {
            sql = em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect()
                    .getSequenceSupport().getSequenceNextValString("snapshots_version_seq");
            nextVersionSql = sql;
        }
        return sql;
    }

    private Written written() {
        return afterCommit.collect(KnownState.class, Written::new, w -> applyOwn(w.items()));
    }

    @Override
    public JsonNode agents() {
        return asObject(AGENT);
    }

    @Override
    public JsonNode buttons() {
        return asObject(BUTTON);
    }

    @Override
    public JsonNode calls() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        mirror.kind(CALL).items().map(Item::data)
                .sorted(Comparator.comparing(c -> c.path("created_at").asText("")))
                .forEach(list::add);
        return list;
    }

    private ObjectNode asObject(String kind) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        mirror.kind(kind).items().sorted(Comparator.comparing(Item::key)).forEach(i -> out.set(i.key(), i.data()));
        return out;
    }

    private static Item item(Snapshot row) {
        return new Item(row.itemKey, row.data, row.seenAt, row.sequence, row.version);
    }

    static Instant createdAt(JsonNode call) {
        try {
            return Instant.parse(call.path("created_at").asText());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
