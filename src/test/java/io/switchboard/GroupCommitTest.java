package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** The intake's bound: work is refused by size before it can fill the heap. */
class GroupCommitTest {

    @Test
    void deliveriesPastTheByteBoundAreRefusedAndAcceptedAgainOnceWritten() {
        GroupCommit<String, String> writer = new GroupCommit<>("test", 10, 1_000, 1, item -> item.length(),
                List::copyOf);
        List<CompletableFuture<String>> accepted = List.of(writer.offer("a".repeat(400)), writer.offer("b".repeat(400)));
        CompletableFuture<String> refused = writer.offer("c".repeat(400));

        assertTrue(refused.isCompletedExceptionally(), "over 1,000 bytes waiting: refused at once");
        ExecutionException why = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(GroupCommit.Full.class, why.getCause());
        assertEquals(800, writer.queuedBytes(), "a refused delivery takes no room");
        accepted.forEach(f -> assertFalse(f.isDone(), "accepted deliveries wait for their commit"));
    }
}
