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
    void aJobPausingBetweenStepsGoesOnAfterThePauseButAStopEndsItsPauseAtOnce() throws Exception {
        Ticks ticks = new Ticks();
        assertTrue(ticks.enter());
        assertTrue(ticks.pause(50), "no stop: the job goes on");

        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> {
            try {
                return ticks.pause(60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        long started = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> ticks.stop(Duration.ofSeconds(10)));
        assertFalse(paused.get(2, TimeUnit.SECONDS), "the stop ends the pause, and the job with it");
        ticks.exit();
        stopped.get(2, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000, "the stop did not wait out the minute");
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
