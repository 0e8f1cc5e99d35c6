package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A stop waits for the scheduled jobs running, and lets no new one start. */
class TicksTest {

    @Test
    void aStopWaitsForTheRunningJobThenRefusesNewOnes() throws Exception {
        Ticks ticks = new Ticks();
        assertTrue(ticks.enter());
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> ticks.stop(Duration.ofSeconds(10)));

        Thread.sleep(300);
        assertFalse(stopped.isDone(), "the stop waits while a job runs");
        assertFalse(ticks.enter(), "no job starts once stopping");
        ticks.exit();
        stopped.get(2, TimeUnit.SECONDS);
    }

    @Test
    void aJobThatDoesNotEndHoldsTheStopOnlyForTheGrace() throws Exception {
        Ticks ticks = new Ticks();
        assertTrue(ticks.enter());
        long started = System.nanoTime();
        ticks.stop(Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 250 && tookMs < 5_000, "stopped after " + tookMs + " ms");
    }
}
