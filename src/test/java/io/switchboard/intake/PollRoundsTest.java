package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import jakarta.inject.Inject;

/**
 * Poll rounds across replicas: a "poll now" never runs beside another replica's round that is
 * underway (the older round could store its reading over a result recorded in between), but
 * does run once that round ended or lapsed (its replica died), and while the poller backs off;
 * a round holds its claim for two cycles while it runs, a failure backs off from when it came,
 * and a round that outlasted even its claim and fails leaves the newer round's claim alone. The other
 * replica is played by the cursor row, as its claim leaves it.
 */
@QuarkusTest
class PollRoundsTest {

    static final String LISTING = "^/v2/buttons$";

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    @Test
    void pollNowWaitsForARoundUnderwayOnAnotherReplicaThenRunsOnceItEnded() {
        Instant claimed = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        cursor(row -> {
            row.lastRunAt = claimed;
            row.nextRunAt = claimed.plusSeconds(60);
        });

        pollNow().body("underway", equalTo(true));
        assertEquals(0, SandboxControl.count("GET", LISTING), "no listing beside the other replica's round");
        assertEquals(claimed, cursor().lastRunAt, "the other replica's claim stands");

        cursor(row -> row.endedRunAt = row.lastRunAt); // that round ended
        pollNow().body("underway", equalTo(false));
        assertEquals(1, SandboxControl.count("GET", LISTING), "the poll ran once the round had ended");
    }

    @Test
    void aRoundWhoseReplicaDiedLapsesAtItsHorizon() {
        Instant claimed = Instant.now().minusSeconds(120);
        cursor(row -> {
            row.lastRunAt = claimed;
            row.nextRunAt = claimed.plusSeconds(60);
        });

        pollNow().body("underway", equalTo(false));
        assertEquals(1, SandboxControl.count("GET", LISTING));
    }

    @Test
    void aFailedRoundHasEndedAndPollNowStillRunsWhileThePollerBacksOff() {
        SandboxControl.fault(Map.of("status", 500, "method", "GET", "path", LISTING, "count", 1));
        pollNow().body("failures", equalTo(1)).body("underway", equalTo(false));
        assertTrue(cursor().nextRunAt.isAfter(Instant.now()), "it backs off");

        pollNow().body("failures", equalTo(0)).body("underway", equalTo(false));
        assertEquals(2, SandboxControl.count("GET", LISTING));
    }

    @Test
    void aRoundThatFailsAfterANewerOneBeganLeavesTheNewerOnesClaimUnderway() throws Exception {
        // This round reads slowly and fails; meanwhile another replica claims the next one.
        SandboxControl.fault(Map.of("status", 500, "method", "GET", "path", LISTING, "count", 1, "latency_ms", 1500));
        Instant newer = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        CompletableFuture<Void> otherReplica = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> cursor().roundUnderway());
            cursor(row -> {
                row.lastRunAt = newer;
                row.nextRunAt = newer.plusSeconds(60);
            });
        });

        assertFalse(runner.run(buttons, true), "this round failed");
        otherReplica.get(10, TimeUnit.SECONDS);
        PollCursor row = cursor();
        assertEquals(newer, row.lastRunAt, "the newer claim stands");
        assertEquals(newer.plusSeconds(60), row.nextRunAt, "and its horizon");
        assertTrue(row.roundUnderway(), "the newer round is still underway");
        assertEquals(0, row.failures, "the failure is not the newer round's");
    }

    @Test
    void aRoundHoldsItsClaimForTwoCyclesWhileItRunsAndItsEndSetsTheNextOneACycleOn() throws Exception {
        Duration cycle = buttons.interval();
        SandboxControl.fault(Map.of("method", "GET", "path", LISTING, "count", 1, "latency_ms", 1500));
        CompletableFuture<PollCursor> running = CompletableFuture.supplyAsync(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> cursor().roundUnderway());
            return cursor();
        });

        assertTrue(runner.run(buttons, true), "the slow round succeeded");
        PollCursor during = running.get(10, TimeUnit.SECONDS);
        assertEquals(during.lastRunAt.plus(cycle.multipliedBy(2)), during.nextRunAt,
                "while it ran, a round slower than the last one could not be met by another replica's next one");
        PollCursor after = cursor();
        assertEquals(during.lastRunAt.plus(cycle), after.nextRunAt, "the cadence is one cycle from the claim");
        assertFalse(after.roundUnderway());
    }

    @Test
    void aFailureAtTheEndOfASlowRoundBacksOffFromTheFailureNotFromTheClaim() {
        // A 503 (a 429 would also halve the pollers' shared budget for the tests after this one): 2 s ± 20% of backoff.
        SandboxControl.fault(Map.of("status", 503, "method", "GET", "path", LISTING, "count", 1, "latency_ms", 1500));
        assertFalse(runner.run(buttons, true));
        Instant failed = Instant.now();
        Instant next = cursor().nextRunAt;
        assertTrue(next.isAfter(failed.plusSeconds(1)), "the backoff counted from the failure: next run " + next);
    }

    private static ValidatableResponse pollNow() {
        return given().auth().oauth2("test-admin-key").post("/api/pollers/buttons/run").then().statusCode(200);
    }

    private static PollCursor cursor() {
        return QuarkusTransaction.requiringNew().call(() -> PollCursor.<PollCursor> findById("buttons"));
    }

    private static void cursor(Consumer<PollCursor> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(PollCursor.findById("buttons")));
    }
}
