package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.Fixtures;
import io.switchboard.action.Action;
import io.switchboard.action.ActionAttempt;
import io.switchboard.action.ActionStatus;
import io.switchboard.action.AttemptOutcome;
import io.switchboard.engine.Cooldown;
import io.switchboard.engine.Execution;
import io.switchboard.engine.Hold;
import jakarta.inject.Inject;

/**
 * History older than the retention goes — events with their traces, actions and attempts — in
 * chunks, while anything still in use (a waiting {@code for} timer, an action not yet settled)
 * stays, whatever its age.
 */
@QuarkusTest
class RetentionTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(30));
    static final Instant OLD = NOW.minus(Duration.ofDays(45));
    static final Instant RECENT = NOW.minus(Duration.ofDays(2));

    @Inject
    Fixtures fixtures;

    @Inject
    Retention retention;

    @Inject
    DataSource dataSource;

    @Inject
    RetentionConfig config;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void nothingStored() {
        fixtures.clean();
    }

    @Test
    void historyOlderThanRetentionIsDeletedWithItsTracesActionsAndAttempts() {
        history(OLD, ActionStatus.SUCCEEDED, 2);
        event(OLD); // no rule met it: no trace
        history(OLD, ActionStatus.DEAD, 3);
        long recent = history(RECENT, ActionStatus.SUCCEEDED, 1);

        Retention.Purged purged = retention.purge(CUTOFF);

        assertEquals(3, purged.events());
        assertEquals(2, purged.executions());
        assertEquals(2, purged.actions());
        assertEquals(5, purged.attempts());
        assertFalse(purged.more());
        assertEquals(Set.of(recent), eventIds());
        assertEquals(Map.of("executions", 1L, "actions", 1L, "attempts", 1L), historyRows());
        assertEquals(Set.of(recent), QuarkusTransaction.requiringNew().call(() -> Execution.<Execution> listAll()
                .stream().map(x -> x.eventId).collect(Collectors.toSet())));
    }

    @Test
    void pendingActionsAndHeldEventsAreKept() {
        long pending = history(OLD, ActionStatus.PENDING, 0);
        long sending = history(OLD, ActionStatus.PENDING, 1);
        long held = event(OLD);
        QuarkusTransaction.requiringNew().run(() -> {
            Hold hold = new Hold();
            hold.ruleId = 7;
            hold.subject = "alice@example.com";
            hold.eventId = held;
            hold.since = OLD;
            hold.dueAt = NOW.plus(Duration.ofDays(1));
            hold.persist();
        });
        history(OLD, ActionStatus.FAILED, 1);

        Retention.Purged purged = retention.purge(CUTOFF);

        assertEquals(1, purged.events());
        assertEquals(Set.of(pending, sending, held), eventIds());
        assertEquals(Map.of("executions", 2L, "actions", 2L, "attempts", 1L), historyRows());
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> Hold.count()));
    }

    @Test
    void backlogLargerThanAChunkIsDeletedOverSuccessiveRuns() {
        for (int i = 0; i < 25; i++) {
            history(OLD, ActionStatus.SUCCEEDED, 1);
        }
        long recent = history(RECENT, ActionStatus.NO_CHANGE, 1);
        double countedBefore = deletedCounted("events");

        Retention.Purged first = retention.purge(CUTOFF, 10, 2);
        assertEquals(20, first.events());
        assertEquals(20, first.attempts());
        assertTrue(first.more(), "the run stopped at its chunk limit");
        assertEquals(6, eventIds().size());

        Retention.Purged second = retention.purge(CUTOFF, 10, 2);
        assertEquals(5, second.events());
        assertFalse(second.more());
        assertEquals(Set.of(recent), eventIds());

        assertEquals(0, retention.purge(CUTOFF, 10, 2).total());
        assertEquals(Map.of("executions", 1L, "actions", 1L, "attempts", 1L), historyRows());
        assertEquals(25, deletedCounted("events") - countedBefore, "switchboard_retention_deleted_total{table=events}");
    }

    @Test
    void scheduledRunDeletesWhatIsOlderThanTheConfiguredRetention() {
        history(OLD, ActionStatus.SUCCEEDED, 1);
        long recent = history(RECENT, ActionStatus.SUCCEEDED, 1);

        retention.run();

        assertEquals(Set.of(recent), eventIds());
    }

    @Test
    void cooldownsExpiredBeforeTheCutoffAreDeleted() {
        QuarkusTransaction.requiringNew().run(() -> {
            cooldown(1, "long ago", OLD);
            cooldown(1, "last week", NOW.minus(Duration.ofDays(7)));
            cooldown(2, "still quiet", NOW.plus(Duration.ofMinutes(5)));
        });

        assertEquals(1, retention.purge(CUTOFF).cooldowns());

        assertEquals(Set.of("last week", "still quiet"), QuarkusTransaction.requiringNew().call(() ->
                Cooldown.<Cooldown> listAll().stream().map(c -> c.subject).collect(Collectors.toSet())));
    }

    @Test
    void retentionIsThirtyDaysUnlessConfigured() {
        assertEquals(Duration.ofDays(30), config.maxAge());
        assertEquals(500, config.chunkSize());
        assertEquals(Duration.ofDays(7), retentionConfiguredAs("7d"));
        assertEquals(Duration.ofDays(7), retentionConfiguredAs("P7D"));
        assertEquals(Duration.ofHours(36), retentionConfiguredAs("36h"));
    }

    @Test
    void aRetentionThatWouldDeleteHistoryAsItIsWrittenIsRefusedNamingTheProperty() {
        assertDoesNotThrow(() -> configured(Map.of("switchboard.retention", "1m")).check());
        var tooShort = assertThrows(IllegalArgumentException.class,
                () -> configured(Map.of("switchboard.retention", "30s")).check());
        assertEquals("switchboard.retention must be at least 1m (one minute), was PT30S", tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> configured(Map.of("switchboard.retention", "0")).check());
        var noChunk = assertThrows(IllegalArgumentException.class,
                () -> configured(Map.of("switchboard.retention.chunk-size", "0")).check());
        assertEquals("switchboard.retention.chunk-size must be positive, was 0", noChunk.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> configured(Map.of("switchboard.retention.chunks-per-run", "-1")).check());
    }

    /** {@code switchboard.retention} itself (not a sub-key) is the duration, in Quarkus' duration syntax. */
    @Test
    void anActionRetriedWhileItsChunkIsDeletedIsKeptWithItsEventAndHistory() throws Exception {
        long eventId = history(OLD, ActionStatus.DEAD, 3);
        long actionId = QuarkusTransaction.requiringNew().call(() -> Action.<Action> findAll().firstResult().id);
        Future<Retention.Purged> purge;
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (Connection retry = dataSource.getConnection()) {
            // An admin retry makes the dead action pending again, and commits once the run waits for it.
            retry.setAutoCommit(false);
            try (PreparedStatement pending = retry.prepareStatement(
                    "update actions set status = 'pending', owner = 'another-instance', claimed_until = ? where id = ?")) {
                pending.setObject(1, OffsetDateTime.ofInstant(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC));
                pending.setLong(2, actionId);
                assertEquals(1, pending.executeUpdate());
            }
            purge = runner.submit(() -> retention.purge(CUTOFF));
            Thread.sleep(500);
            retry.commit();
            purge.get(15, TimeUnit.SECONDS);
        } finally {
            runner.shutdownNow();
        }

        assertEquals(Set.of(eventId), eventIds(), "the event of a live action stays");
        Action action = QuarkusTransaction.requiringNew().call(() -> Action.<Action> findById(actionId));
        assertEquals(ActionStatus.PENDING, action.status);
        assertEquals(3, QuarkusTransaction.requiringNew().call(() -> ActionAttempt.count("actionId", actionId)),
                "with every attempt it had");
    }

    static Duration retentionConfiguredAs(String value) {
        return configured(Map.of("switchboard.retention", value)).maxAge();
    }

    static RetentionConfig configured(Map<String, String> properties) {
        SmallRyeConfig mapped = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(RetentionConfig.class)
                .build();
        return mapped.getConfigMapping(RetentionConfig.class);
    }

    /**
     * An event received at {@code receivedAt} with one fired trace, one action in {@code status} and its
     * attempts. A pending action waits for a retry tomorrow under another instance's live claim, so
     * the outbox worker (running in tests) leaves them alone.
     */
    static long history(Instant receivedAt, ActionStatus status, int attempts) {
        long eventId = event(receivedAt);
        return QuarkusTransaction.requiringNew().call(() -> {
            long execution = Fixtures.firedExecution(eventId, receivedAt);
            Action action = new Action();
            action.executionId = execution;
            action.position = 0;
            action.type = "button.set_active";
            action.params = "{}";
            action.status = status;
            action.attempts = attempts;
            action.nextAttemptAt = status == ActionStatus.PENDING ? NOW.plus(Duration.ofDays(1)) : receivedAt;
            // Held by another (live) instance, so this one's recovery scan leaves it alone.
            action.owner = status == ActionStatus.PENDING ? "another-instance" : null;
            action.claimedUntil = status == ActionStatus.PENDING ? NOW.plus(Duration.ofHours(1)) : null;
            action.createdAt = receivedAt;
            action.updatedAt = receivedAt;
            action.persist();
            for (int n = 1; n <= attempts; n++) {
                ActionAttempt attempt = new ActionAttempt();
                attempt.actionId = action.id;
                attempt.number = n;
                attempt.outcome = n == attempts ? AttemptOutcome.SUCCEEDED : AttemptOutcome.RETRY;
                attempt.startedAt = receivedAt;
                attempt.durationMs = 12;
                attempt.persist();
            }
            return eventId;
        });
    }

    /** Processed already: the engine (running in tests) only takes unprocessed events. */
    static long event(Instant receivedAt) {
        return QuarkusTransaction.requiringNew().call(() -> Fixtures.processedEvent(receivedAt));
    }

    static void cooldown(long ruleId, String subject, Instant untilAt) {
        Cooldown cooldown = new Cooldown();
        cooldown.ruleId = ruleId;
        cooldown.subject = subject;
        cooldown.untilAt = untilAt;
        cooldown.persist();
    }

    double deletedCounted(String table) {
        Counter counter = registry.find("switchboard.retention.deleted").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }

    static Set<Long> eventIds() {
        return QuarkusTransaction.requiringNew().call(() -> Event.<Event> listAll().stream().map(e -> e.id)
                .collect(Collectors.toSet()));
    }

    static Map<String, Long> historyRows() {
        return QuarkusTransaction.requiringNew().call(() -> Map.of("executions", Execution.count(),
                "actions", Action.count(), "attempts", ActionAttempt.count()));
    }
}
