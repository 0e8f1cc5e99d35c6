package io.switchboard.action;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import io.switchboard.InstanceId;
import io.switchboard.SandboxControl;
import jakarta.inject.Inject;

/**
 * What a takeover records. A lapsed claim's owner may have sent its try: that try is recorded
 * as lost and counted, but it is never the last — an action waiting out its backoff when its
 * sender died used to go dead at the takeover without the try it had left. A clean stop releases
 * what it does not have in flight, and a release is taken over without any lost try. And what
 * this instance owns but never held is taken up, not renewed forever.
 */
@QuarkusTest
class ActionTakeoverTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Outbox outbox;

    @Inject
    ActionConfig config;

    @Inject
    InstanceId instance;

    @Inject
    OutboxWorker worker;

    @Inject
    ActionDispatcher dispatcher;

    @BeforeEach
    void empty() {
        fixtures.clean();
    }

    @Test
    void aLostTryIsCountedButTheActionStillGetsTheTryItHadLeft() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // One try left, waiting out its backoff, when its owner died.
        long id = action("replica-that-died", config.maxAttempts() - 1, now.minusSeconds(1), now.plusSeconds(300));

        outbox.claimExpired(10, false); // (or the worker's own scan, which may come first: the same takeover)

        Action row = row(id);
        assertEquals(ActionStatus.PENDING, row.status, "not dead: its last try was never sent");
        assertEquals(config.maxAttempts(), row.attempts, "the try its sender may have made is counted");
        assertEquals(List.of(AttemptOutcome.LOST), outcomes(id));
        assertEquals(instance.id(), row.owner);
        assertEquals(2, row.epoch);
    }

    @Test
    void aCleanStopReleasesWhatIsNotInFlightAndItsTakeoverRecordsNoLostTry() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long waiting = action(instance.id(), 2, now.plusSeconds(30), now.plusSeconds(300));
        long inFlight = action(instance.id(), 0, now.plusSeconds(30), now);
        long behindIt = action(instance.id(), 0, now.plusSeconds(30), now);

        assertEquals(2, outbox.release(Set.of(inFlight), Set.of(behindIt)));

        Action kept = row(inFlight);
        assertEquals(instance.id(), kept.owner, "its result may still come: still this instance's");
        assertEquals(1, kept.epoch);
        // As the next start, or another replica's next scan, finds it (or the worker's own scan, first).
        outbox.claimExpired(10, false);
        assertEquals(instance.id(), row(waiting).owner, "taken over at once: its lease was 30 s away, the release ended it");
        assertEquals(2, row(waiting).attempts, "no try was lost: it was not being sent");
        assertTrue(outcomes(waiting).isEmpty());
        assertEquals(2, row(waiting).epoch, "a new claim: nothing the stopped instance had can be recorded over it");
        Action behind = row(behindIt);
        assertEquals(null, behind.owner, "released, but not taken over before the request in flight ahead of it");
        assertEquals(now.plusSeconds(30), behind.claimedUntil, "it keeps the lease of the request ahead of it");
    }

    @Test
    void anActionThisInstanceOwnsButNeverHeldIsTakenUpAndSentOnce() {
        SandboxControl.reset();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // As a commit leaves it whose outcome never came back (the connection dropped after the database committed):
        // stored and claimed by this instance, but never handed to its dispatcher. It used to be renewed, and
        // never sent, until a restart.
        long id = action(instance.id(), 0, now.plusSeconds(30), now, ActionType.AGENT_SET_STATUS,
                "{\"agent\": \"alice@example.com\", \"status\": \"away\"}");

        worker.renew(Instant.now());
        worker.renew(Instant.now()); // not held at two renewals in a row: a stray, not a hand-over on its way

        await().atMost(Duration.ofSeconds(20)).until(() -> row(id).status == ActionStatus.SUCCEEDED);
        assertEquals(1, SandboxControl.count("PUT", "/v2/agents/alice@example.com/status"));
        assertEquals(2, row(id).epoch, "taken up under a new claim");
    }

    @Test
    void anActionWhoseHandOverIsOnItsWayIsNotTakenForAStray() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Committed, its hand-over held until its writer's round ends (a round of one-by-one retries can outlast renewals).
        long id = action(instance.id(), 0, now.plusSeconds(30), now.plusSeconds(300));
        dispatcher.expect(id);

        worker.renew(Instant.now());
        worker.renew(Instant.now());

        assertEquals(1, row(id).epoch, "not taken up: its hand-over, when it comes, is the live copy");
        dispatcher.unexpect(List.of(new QueuedAction(id, 0, null, 0, now, now, 1, now)));
        worker.renew(Instant.now());
        worker.renew(Instant.now());
        assertEquals(2, row(id).epoch, "its transaction ended without a known commit: a stray, taken up");
    }

    @Test
    void anActionTakenOverAsOftenAsItHasTriesIsDeadNotRetriedForever() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Leases far off: only these scans (as at an H2 start) take it, never the worker's own.
        long id = action("replica-that-died", 0, now.plusSeconds(300), now.plusSeconds(300));
        for (int takeover = 1; takeover < config.maxAttempts(); takeover++) {
            outbox.claimExpired(10, true);
            QuarkusTransaction.requiringNew().run(() -> Action.update("owner = 'replica-that-died' where id = ?1", id));
        }
        assertEquals(ActionStatus.PENDING, row(id).status, "lost tries alone, one short of its tries: still pending");

        outbox.claimExpired(10, true);

        assertEquals(ActionStatus.DEAD, row(id).status);
        assertEquals(config.maxAttempts(), outcomes(id).size());
    }

    private long action(String owner, int attempts, Instant claimedUntil, Instant nextAttemptAt) {
        return action(owner, attempts, claimedUntil, nextAttemptAt, ActionType.BUTTON_SET_ACTIVE,
                "{\"button\": \"b-takeover\", \"active\": false}");
    }

    private long action(String owner, int attempts, Instant claimedUntil, Instant nextAttemptAt, ActionType type,
            String params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Action action = new Action();
            action.executionId = Fixtures.firedExecution(Fixtures.processedEvent(now), now);
            action.position = 0;
            action.type = type.wire();
            action.params = params;
            action.status = ActionStatus.PENDING;
            action.attempts = attempts;
            action.nextAttemptAt = nextAttemptAt;
            action.claimedUntil = claimedUntil;
            action.owner = owner;
            action.epoch = 1;
            action.createdAt = now;
            action.updatedAt = now;
            action.persist();
            return action.id;
        });
    }

    private static Action row(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> findById(id));
    }

    private static List<AttemptOutcome> outcomes(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ActionAttempt.<ActionAttempt> list("actionId", id).stream()
                .map(a -> a.outcome).toList());
    }
}
