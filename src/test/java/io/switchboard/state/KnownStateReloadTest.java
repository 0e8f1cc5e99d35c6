package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import jakarta.inject.Inject;

/**
 * The full reload of the known state reads without holding up the commits that hand their
 * writes to the mirror, and what they wrote meanwhile is not lost when it swaps in what it read.
 */
@QuarkusTest
class KnownStateReloadTest {

    @Inject
    KnownState state;

    @Inject
    Fixtures fixtures;

    @AfterEach
    void empty() {
        fixtures.clean();
    }

    @Test
    void itemsRecordedWhileAFullReloadReadsStayInTheMirror() throws Exception {
        fixtures.clean();
        Instant now = Instant.now();
        // Enough stored items that each full read takes a while.
        for (int chunk = 0; chunk < 10; chunk++) {
            int from = chunk * 2_000;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = from; i < from + 2_000; i++) {
                    state.record(KnownState.BUTTON, String.format("bulk%06d", i),
                            JsonNodeFactory.instance.objectNode().put("active", true).put("n", i), now);
                }
            });
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
}
