package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** The shared group commit: bounded in bytes, one transaction for what arrives together, one bad item fails alone. */
class GroupCommitTest {

    /** Records each transaction's writes; a transaction whose work throws is rolled back (its writes dropped). */
    static final class FakeTransactions implements GroupCommit.Transactions {
        final List<List<String>> committed = new ArrayList<>();
        private List<String> current;

        @Override
        public <V> V inNew(Callable<V> work) {
            current = new ArrayList<>();
            try {
                V result = work.call();
                committed.add(current);
                return result;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                current = null;
            }
        }

        void write(String what) {
            current.add(what);
        }
    }

    private final FakeTransactions transactions = new FakeTransactions();
    private final GroupCommit writer = new GroupCommit(100, transactions);

    private GroupCommit.Part<String, String> part(String name, int rank) {
        return writer.part(name, rank, 1_000, 1, String::length, items -> items.stream().map(item -> {
            if (item.startsWith("bad")) {
                throw new IllegalArgumentException("cannot store " + item);
            }
            transactions.write(name + ":" + item);
            return name + " stored " + item;
        }).toList());
    }

    @Test
    void deliveriesPastTheByteBoundAreRefusedAndAcceptedAgainOnceWritten() throws Exception {
        GroupCommit.Part<String, String> intake = part("intake", 1);
        List<CompletableFuture<String>> accepted = List.of(intake.offer("a".repeat(400)), intake.offer("b".repeat(400)));
        CompletableFuture<String> refused = intake.offer("c".repeat(400));

        assertTrue(refused.isCompletedExceptionally(), "over 1,000 bytes waiting: refused at once");
        ExecutionException why = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(GroupCommit.Full.class, why.getCause());
        assertEquals(800, intake.queuedBytes(), "a refused delivery takes no room");
        accepted.forEach(f -> assertFalse(f.isDone(), "accepted deliveries wait for their commit"));

        writer.round(0);
        accepted.forEach(f -> assertTrue(f.isDone(), "answered once committed"));
        assertEquals(0, intake.queuedBytes(), "written deliveries free their room");
        assertFalse(intake.offer("d".repeat(400)).isDone(), "accepted again");
    }

    @Test
    void workOfDifferentKindsQueuedTogetherSharesOneCommitLowerRankFirst() throws Exception {
        GroupCommit.Part<String, String> intake = part("intake", 1);
        GroupCommit.Part<String, String> results = part("results", 0);
        CompletableFuture<String> delivery = intake.offer("d1");
        CompletableFuture<String> result = results.offer("r1");
        CompletableFuture<String> second = intake.offer("d2");

        writer.round(0);

        assertEquals(List.of(List.of("results:r1", "intake:d1", "intake:d2")), transactions.committed,
                "one transaction: results first, then deliveries in arrival order");
        assertEquals("intake stored d1", delivery.get());
        assertEquals("results stored r1", result.get());
        assertEquals("intake stored d2", second.get());
    }

    @Test
    void oneBadItemFailsAloneAndTheOthersAreStillCommitted() throws Exception {
        GroupCommit.Part<String, String> intake = part("intake", 1);
        GroupCommit.Part<String, String> results = part("results", 0);
        CompletableFuture<String> good = intake.offer("d1");
        CompletableFuture<String> bad = intake.offer("bad1");
        CompletableFuture<String> result = results.offer("r1");

        writer.round(0);

        assertEquals(List.of(List.of("intake:d1"), List.of("results:r1")), transactions.committed,
                "the shared batch rolled back, then each item alone; the bad one never committed");
        assertEquals("intake stored d1", good.get());
        assertEquals("results stored r1", result.get());
        ExecutionException why = assertThrows(ExecutionException.class, bad::get);
        assertInstanceOf(IllegalArgumentException.class, why.getCause());
    }
}
