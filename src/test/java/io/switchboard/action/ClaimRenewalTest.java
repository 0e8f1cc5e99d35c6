package io.switchboard.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import io.switchboard.InstanceId;
import jakarta.inject.Inject;

/**
 * The claim renewal and a settle of the same instance touch the same action rows at once; they
 * must never deadlock. A settle locks its rows in id order; the renewal used to lock all of the
 * instance's live rows in whatever order the database scanned them, so a settle holding a low id
 * and wanting a higher one met a renewal holding the higher one and wanting the lower: a cycle,
 * broken by the database aborting one side (PostgreSQL's {@code deadlock detected}).
 */
@QuarkusTest
class ClaimRenewalTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Outbox outbox;

    @Inject
    InstanceId instance;

    @Inject
    DataSource dataSource;

    @Inject
    ActionDispatcher dispatcher;

    final ExecutorService renewals = Executors.newSingleThreadExecutor();

    @BeforeEach
    void empty() {
        fixtures.clean();
    }

    @AfterEach
    void stop() {
        renewals.shutdownNow();
        dispatcher.forgetAll();
    }

    @Test
    void aRenewalAndASettleOfTheSameClaimsDoNotDeadlock() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Two live actions of this instance; the higher id comes first in the scan a renewal makes
        // (its lease is the earlier one, and the lower id's row was rewritten after it).
        long[] ids = QuarkusTransaction.requiringNew().call(() -> {
            long execution = Fixtures.firedExecution(Fixtures.processedEvent(now), now);
            Action low = action(execution, 0, now.plusSeconds(30), now);
            Action high = action(execution, 1, now.plusSeconds(10), now);
            return new long[] { low.id, high.id };
        });
        long low = ids[0];
        long high = ids[1];
        QuarkusTransaction.requiringNew().run(() -> Action.update("claimedUntil = ?1 where id = ?2", now.plusSeconds(40), low));
        Instant until = now.plusSeconds(60);

        try (Connection settle = dataSource.getConnection()) {
            settle.setAutoCommit(false);
            touch(settle, low, now); // the settle holds the lower id...
            Future<Set<Long>> renewal = renewals.submit(() -> outbox.renew(until));
            Thread.sleep(500); // ...the renewal runs meanwhile...
            touch(settle, high, now); // ...and the settle goes on to the higher one
            settle.commit();
            assertEquals(Set.of(low, high), renewal.get(5, TimeUnit.SECONDS), "the renewal waited for the settle and renewed both claims");
        }
        // Both leases renewed past the earlier one: to `until`, or by the worker's own scheduled renewal
        // when it ran meanwhile — which on H2 skips a row this renewal changed after it read it, so the
        // two rows may then hold different leases (CI saw low at `until`, high at the worker's lease).
        for (long id : ids) {
            Instant renewedTo = claimedUntil(id);
            assertTrue(renewedTo.isAfter(now.plusSeconds(10)), "action " + id + " renewed past the earlier lease: " + renewedTo);
        }
    }

    @Test
    void anActionHandedOverAfterTheOwnershipCheckReadIsKeptThoughItWasClaimedBefore() {
        // Claimed inside the transaction that queued it, before the check read what this instance
        // owns; committed (and so handed over) only after that read, which could not see it.
        Instant claimed = Instant.now().minusSeconds(2);
        Instant readAt = Instant.now().minusSeconds(1);
        QueuedAction action = new QueuedAction(424242, 1, new ActionSpec(ActionType.BUTTON_SET_ACTIVE,
                Map.of("button", TextNode.valueOf("b-handed-over"), "active", BooleanNode.FALSE)), 0, claimed,
                Instant.now().plusSeconds(3600), 1, claimed);
        dispatcher.accept(List.of(action));
        assertTrue(dispatcher.allRenewed(Set.of(), readAt), "handed over after the renewal read: not expected among its rows");
        assertFalse(dispatcher.allRenewed(Set.of(), Instant.now().plusSeconds(1)), "held before it and not renewed: a takeover?");
        assertTrue(dispatcher.allRenewed(Set.of(424242L), Instant.now().plusSeconds(1)));

        dispatcher.retain(Map.of(), readAt);

        assertEquals(1, dispatcher.held(), "dropped, it would stay pending and owned, renewed and never sent");
        dispatcher.retain(Map.of(), Instant.now().plusSeconds(1));
        assertEquals(0, dispatcher.held(), "held since before a read that does not list it: no longer this instance's");
    }

    /** An update as a settle makes it: it locks the row until the settle's transaction ends. */
    private static void touch(Connection connection, long id, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update actions set updated_at = ? where id = ?")) {
            update.setQueryTimeout(15);
            update.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setLong(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static Instant claimedUntil(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> findById(id).claimedUntil);
    }

    private Action action(long execution, int position, Instant claimedUntil, Instant now) {
        Action action = new Action();
        action.executionId = execution;
        action.position = position;
        action.type = ActionType.BUTTON_SET_ACTIVE.wire();
        action.params = "{\"button\": \"b" + position + "\", \"active\": false}";
        action.status = ActionStatus.PENDING;
        action.nextAttemptAt = now;
        action.claimedUntil = claimedUntil;
        action.owner = instance.id();
        action.epoch = 1;
        action.createdAt = now;
        action.updatedAt = now;
        action.persist();
        return action;
    }
}
