package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The known state's bulk operations. The full reload reads without holding up the commits that
 * hand their writes to the mirror, and what they wrote meanwhile is not lost when it swaps in what
 * it read. A full listing forgets what it no longer has — from the table and from the mirror —
 * however many items that is (in transactions of {@link KnownState#FORGET_CHUNK}), and keeps what
 * was recorded after the listing was read.
 */
@QuarkusTest
class KnownStateBulkTest {

    @Inject
    KnownState state;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    @AfterEach
    void empty() {
        fixtures.clean();
    }

    /**
     * Writers of the known state lock its rows in Java's key order ({@link String#compareTo}); the
     * locked read must too, or two writers could deadlock. H2 locks rows as it reads them, so its
     * list read must walk the primary key.
     */
    @Test
    void theLockedReadTakesItsRowsInTheKeyOrderEveryWriterUses() throws Exception {
        boolean postgres = "postgresql".equals(dbKind);
        // PostgreSQL reads key by key, in the order given; the plan of one key can be a scan of a
        // young table, and locks only the row it matches.
        Assumptions.assumeFalse(postgres, "H2's list read");
        int keys = 4;
        String plan = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement explain = connection.prepareStatement("explain " + KnownState.lockSql(postgres, keys))) {
                for (int i = 0; i < keys; i++) {
                    explain.setString(2 * i + 1, KnownState.BUTTON);
                    explain.setString(2 * i + 2, "k" + i);
                }
                StringBuilder lines = new StringBuilder();
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        lines.append(rows.getString(1)).append('\n');
                    }
                }
                return lines.toString();
            }
        }));
        assertTrue(plan.contains("PRIMARY_KEY") && plan.contains("IN(ROW"), "walks the primary key:\n" + plan);
    }

    @Test
    void keysOfAnyCaseAreRecordedAndFoundAgain() {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        List.of("alice@x.com", "Bob@x.com", "carol@x.com").forEach(k -> items.put(k, JsonNodeFactory.instance.objectNode()
                .put("status", "online")));
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> state.recordAll(KnownState.AGENT, items, at));
        Map<String, KnownState.Recorded> again = QuarkusTransaction.requiringNew()
                .call(() -> state.recordAll(KnownState.AGENT, items, at.plusSeconds(1)));
        assertEquals(items.keySet(), again.keySet());
        again.forEach((key, recorded) -> assertTrue(recorded.previous().isPresent(), key + ": found stored"));
    }

    /**
     * PostgreSQL: the locked read stays a lookup of its keys as the table grows. One statement
     * for many keys ({@code item_key = any (?)}, or a row-value list) was planned from statistics
     * a young table does not have: it walked every row of the kind and filtered them, and under
     * load every settle then read thousands of rows (201,000 here). One transaction, so one
     * connection, starting from an empty table (as a new database does).
     */
    @Test
    void theLockedReadStaysALookupOfItsKeysAfterTheTableGrew() {
        Assumptions.assumeTrue("postgresql".equals(dbKind), "PostgreSQL's plan cache");
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        Map<String, JsonNode> few = new LinkedHashMap<>();
        // As many keys as a settle's largest group.
        IntStream.range(0, 50).forEach(i -> few.put("few" + i, JsonNodeFactory.instance.objectNode().put("active", true)));
        Map<String, JsonNode> many = new LinkedHashMap<>();
        IntStream.range(0, 20_000).forEach(i -> many.put(String.format("grown%05d", i),
                JsonNodeFactory.instance.objectNode().put("active", true)));
        long rowsRead = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("truncate snapshots").executeUpdate();
            for (int i = 0; i < 12; i++) {
                state.recordAll(KnownState.BUTTON, few, at.plusSeconds(i));
            }
            state.recordAll(KnownState.BUTTON, many, at);
            long before = snapshotRowsRead();
            for (int i = 12; i < 22; i++) {
                state.recordAll(KnownState.BUTTON, few, at.plusSeconds(i));
            }
            return snapshotRowsRead() - before;
        });
        // Each run reads its 50 rows and updates them (another 50 by key): about 1,000 in all; a walk of the table, 200,000.
        assertTrue(rowsRead >= 500 && rowsRead < 5_000,
                "rows of snapshots read by 10 locked reads of 50 keys among 20,050: " + rowsRead);
    }

    /** Rows of snapshots this transaction read so far, by scan or index (PostgreSQL's per-transaction statistics). */
    private long snapshotRowsRead() {
        return ((Number) em.createNativeQuery("select seq_tup_read + coalesce(idx_tup_fetch, 0) from pg_stat_xact_user_tables "
                + "where relname = 'snapshots'").getSingleResult()).longValue();
    }

    /**
     * A poll that inserted agent A and then wants agent B, against a settle that records A and B
     * together: the settle must not lock B before it takes its turn at A. (It did: it locked the
     * stored rows first and inserted the new ones after, and the two deadlocked until PostgreSQL
     * aborted one a second later.) Now the settle waits at A: on PostgreSQL it then finds A
     * stored and updates it; on H2 it fails as a duplicate key and its caller tries it again.
     * The poll goes through on both.
     */
    @Test
    void aSettleThatMeetsAKeyAPollIsInsertingWaitsThereWithoutLockingTheKeysAfterIt() throws Exception {
        boolean postgres = "postgresql".equals(dbKind);
        Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.AGENT, "b@example.com", status("online"), t0));
        CompletableFuture<Void> pollInsertedA = new CompletableFuture<>();
        CompletableFuture<Void> settleStarted = new CompletableFuture<>();
        AtomicBoolean settleDone = new AtomicBoolean();
        AtomicBoolean settleWaitedAtA = new AtomicBoolean();
        CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            state.record(KnownState.AGENT, "a@example.com", status("online"), t0.plusSeconds(1));
            pollInsertedA.complete(null);
            settleStarted.orTimeout(10, TimeUnit.SECONDS).join();
            sleep(Duration.ofMillis(500)); // the settle reaches A meanwhile, and waits there
            settleWaitedAtA.set(!settleDone.get());
            state.record(KnownState.AGENT, "b@example.com", status("online"), t0.plusSeconds(1));
        }));
        pollInsertedA.get(10, TimeUnit.SECONDS);
        Map<String, JsonNode> settled = new LinkedHashMap<>();
        settled.put("b@example.com", status("offline"));
        settled.put("a@example.com", status("offline"));
        CompletableFuture<Void> settle = CompletableFuture.runAsync(() -> {
            settleStarted.complete(null);
            try {
                QuarkusTransaction.requiringNew().run(() -> state.recordAll(KnownState.AGENT, settled, t0.plusSeconds(2)));
            } finally {
                settleDone.set(true);
            }
        });

        poll.get(20, TimeUnit.SECONDS); // threw the deadlock, on one side or the other
        assertTrue(settleWaitedAtA.get(), "the settle was still at A, behind the open poll, when the poll went on to B");
        Throwable settleFailure = settle.handle((ok, failure) -> failure).get(20, TimeUnit.SECONDS);
        if (postgres) {
            assertEquals(null, settleFailure, "PostgreSQL: the settle locks the row the poll stored");
            assertEquals("offline", QuarkusTransaction.requiringNew().call(() -> state.find(KnownState.AGENT, "a@example.com"))
                    .orElseThrow().data().path("status").asText());
        } else {
            assertTrue(settleFailure == null || String.valueOf(rootCause(settleFailure).getMessage()).contains("Unique index"),
                    "H2: the settle either went through or met a duplicate key, to be tried again: " + settleFailure);
        }
    }

    private static JsonNode status(String status) {
        return JsonNodeFactory.instance.objectNode().put("status", status);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void recordingManyItemsAtOnceUpdatesTheKnownOnesAndAddsTheNew() {
        fixtures.clean();
        Instant before = Instant.parse("2026-12-01T10:00:00Z");
        Instant after = before.plusSeconds(60);
        // A settle's batch, larger than any: 70 buttons, every third one known before, half of them changed.
        List<String> keys = IntStream.range(0, 70).mapToObj(i -> String.format("many%03d", i)).toList();
        QuarkusTransaction.requiringNew().run(() -> keys.stream().filter(k -> keys.indexOf(k) % 3 == 0)
                .forEach(k -> state.record(KnownState.BUTTON, k, JsonNodeFactory.instance.objectNode().put("active", true),
                        before)));
        Map<String, JsonNode> now = new LinkedHashMap<>();
        keys.forEach(k -> now.put(k, JsonNodeFactory.instance.objectNode().put("active", keys.indexOf(k) % 2 == 0)));

        Map<String, KnownState.Recorded> recorded = QuarkusTransaction.requiringNew()
                .call(() -> state.recordAll(KnownState.BUTTON, now, after));

        assertEquals(Set.copyOf(keys), recorded.keySet());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            KnownState.Recorded one = recorded.get(key);
            boolean known = i % 3 == 0;
            boolean changed = i % 2 != 0;
            assertEquals(known, one.previous().isPresent(), key + ": found as known before");
            assertEquals(known && changed ? 2 : 1, one.sequence(), key + ": bumped only by a change");
            assertEquals(now.get(key), state.item(KnownState.BUTTON, key).orElseThrow().data(),
                    key + ": the mirror holds what was recorded");
            assertEquals(now.get(key).toString(), QuarkusTransaction.requiringNew()
                    .call(() -> state.find(KnownState.BUTTON, key).orElseThrow().data().toString()), key + ": stored");
        }
    }

    @Test
    void itemsRecordedWhileAFullReloadReadsStayInTheMirror() throws Exception {
        fixtures.clean();
        Instant now = Instant.now();
        // Enough stored items that each full read takes a while.
        for (int chunk = 0; chunk < 10; chunk++) {
            int from = chunk * 2_000;
            Map<String, JsonNode> items = new LinkedHashMap<>();
            for (int i = from; i < from + 2_000; i++) {
                items.put(String.format("bulk%06d", i), JsonNodeFactory.instance.objectNode().put("active", true).put("n", i));
            }
            QuarkusTransaction.requiringNew().run(() -> state.recordAll(KnownState.BUTTON, items, now));
        }
        AtomicBoolean reloading = new AtomicBoolean(true);
        AtomicInteger reloads = new AtomicInteger();
        CompletableFuture<Void> reloader = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    state.reload();
                    reloads.incrementAndGet();
                }
            } finally {
                reloading.set(false);
            }
        });
        int written = 0;
        int writtenDuringReloads = 0;
        while (reloading.get() || written < 50) {
            int n = written;
            QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.BUTTON, "live" + (n % 40),
                    JsonNodeFactory.instance.objectNode().put("active", n % 2 == 0).put("n", n), Instant.now()));
            written++;
            if (reloading.get()) {
                writtenDuringReloads++;
            }
        }
        reloader.get();

        assertEquals(5, reloads.get());
        assertTrue(writtenDuringReloads > 5, "commits went on while the reloads read: " + writtenDuringReloads);
        for (int key = 0; key < 40; key++) {
            int last = lastWrite(key, written);
            assertEquals(last, state.item(KnownState.BUTTON, "live" + key).orElseThrow().data().path("n").asInt(),
                    "live" + key + " as last written (write " + last + " of " + written + ")");
        }
        assertEquals(20_040, state.items(KnownState.BUTTON).size());
    }

    private static int lastWrite(int key, int written) {
        int last = key;
        while (last + 40 < written) {
            last += 40;
        }
        return last;
    }

    @Test
    void aListingForgetsEveryButtonItNoLongerHasAndKeepsTheListedAndTheNewer() {
        fixtures.clean();
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        int stored = KnownState.FORGET_CHUNK * 2 + 500;
        QuarkusTransaction.requiringNew().run(() -> IntStream.range(0, stored).forEach(i -> state.record(KnownState.BUTTON,
                String.format("b%05d", i), JsonNodeFactory.instance.objectNode().put("active", true), before)));
        Instant readAt = Instant.now();
        // Recorded after the listing was read (e.g. the answer to our own update): not the listing's to forget.
        QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.BUTTON, "b00007",
                JsonNodeFactory.instance.objectNode().put("active", false), readAt.plusMillis(5)));
        Set<String> listed = Set.of("b00003", "b02400");

        state.retainListed(KnownState.BUTTON, listed, readAt);

        Set<String> expected = Set.of("b00003", "b02400", "b00007");
        assertEquals(expected, state.items(KnownState.BUTTON).stream().map(Item::key).collect(Collectors.toSet()),
                "the mirror");
        assertEquals(expected, Set.copyOf(QuarkusTransaction.requiringNew().call(() -> Snapshot.<Snapshot> list("kind", KnownState.BUTTON))
                .stream().map(s -> s.itemKey).toList()), "the table");
        state.reload();
        assertEquals(3, state.items(KnownState.BUTTON).size(), "read again from the table");
        assertFalse(state.item(KnownState.BUTTON, "b00007").orElseThrow().data().path("active").asBoolean(),
                "the newer state of b00007");
    }

    @Test
    void aButtonAnotherReplicaRecordedAfterTheListingWasReadStaysThoughThisMirrorOnlyKnewTheOlderState() {
        fixtures.clean();
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.BUTTON, "b-raced",
                JsonNodeFactory.instance.objectNode().put("active", true), before));
        Instant readAt = Instant.now();
        // Another replica's settle, between this listing's read and its forgetting: this mirror
        // still holds the older state, so only the delete's own condition can keep the row.
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, Snapshot.update(
                "seenAt = ?1, data = ?2 where kind = ?3 and itemKey = ?4", readAt.plusMillis(5), "{\"active\":false}",
                KnownState.BUTTON, "b-raced")));

        state.retainListed(KnownState.BUTTON, Set.of(), readAt);

        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> Snapshot.count("kind", KnownState.BUTTON)),
                "the row recorded after the listing was read is still in the table");
        assertTrue(state.item(KnownState.BUTTON, "b-raced").isPresent(), "and in the mirror");
        state.reload();
        assertFalse(state.item(KnownState.BUTTON, "b-raced").orElseThrow().data().path("active").asBoolean(),
                "with the other replica's newer state once read again");
    }
}
