package io.switchboard.action;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.InstanceId;
import io.switchboard.Tick;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps this instance's claims alive and adopts orphans. Every third of the lease it renews
 * the claims it holds (one statement); after a renewal gap longer than the lease it keeps only
 * the actions still its own. The recovery scan takes over live actions whose owner's lease
 * lapsed or that a clean stop released — at start, before the service takes requests, and on
 * the embedded H2 database (one process at a time can open its file) every live action at once
 * instead of waiting for a lease left by the previous run. A clean stop releases what this
 * instance holds but does not have in flight.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);
    static final int RECOVERY_BATCH = 500;

    @Inject
    Outbox outbox;

    @Inject
    ActionDispatcher dispatcher;

    @Inject
    ActionConfig config;

    @Inject
    InstanceId instance;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;

    private volatile Instant renewedAt;
    private volatile Instant nextRecovery = Instant.EPOCH;
    /** Owned and renewed at the last renewal, but held by no lane. */
    private Set<Long> strays = Set.of();

    /**
     * The start's recovery scan, before the service takes requests or polls: the actions it takes
     * over reach their lanes before any action decided by this run, which are newer, so
     * per-target order holds across a restart.
     */
    void start(@Observes StartupEvent start) {
        nextRecovery = clock.instant().plus(config.recoveryEvery());
        recover("h2".equals(dbKind));
    }

    @Tick
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        Instant now = clock.instant();
        if (renewedAt == null || !now.isBefore(renewedAt.plus(config.claimLease().dividedBy(3)))) {
            renew(now);
        }
        if (!now.isBefore(nextRecovery)) {
            nextRecovery = now.plus(config.recoveryEvery());
            recover(false);
        }
    }

    /**
     * After the dispatcher's stop (which waited for the requests in flight): releases every live
     * action this instance still owns but the requests still in flight, for the next start or
     * another replica to take over without a lost try.
     */
    void stop(@Observes @Priority(2) ShutdownEvent stop) {
        // No tick runs by now (Ticks stopped them first): no recovery scan takes back what this releases.
        try {
            ActionDispatcher.Busy busy = dispatcher.busy();
            int released = outbox.release(busy.sending(), busy.waiting());
            if (released > 0) {
                LOG.infof("released %d live action(s) for the next start or another instance", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("releasing this instance's live actions failed (they are taken over when their lease lapses): %s",
                    e.toString());
        }
    }

    void renew(Instant now) {
        try {
            Set<Long> renewed = outbox.renew(now.plus(config.claimLease()));
            boolean lapsed = renewedAt != null && clock.instant().isAfter(renewedAt.plus(config.claimLease()));
            if (lapsed || !dispatcher.allRenewed(renewed, now)) {
                // Claims may have lapsed and been taken over (one held was not renewed): keep only what is still ours.
                Instant readAt = clock.instant();
                Map<Long, Long> owned = QuarkusTransaction.requiringNew().call(() -> Action
                        .<Action> list("owner = ?1 and status = ?2", instance.id(), ActionStatus.PENDING).stream()
                        .collect(Collectors.toMap(a -> a.id, a -> a.epoch)));
                dispatcher.retain(owned, readAt);
            }
            renewedAt = now;
            dispatcher.renewed(now);
            adoptStrays(renewed);
        } catch (RuntimeException e) {
            LOG.warnf("renewing this instance's action claims failed: %s", e.toString());
        }
    }

    /**
     * Hands the dispatcher what this instance owns and renews but neither holds nor expects (a
     * transaction queuing it has not ended), two renewals in a row: the actions of a commit whose
     * outcome this instance never heard ({@link Outbox#adopt}), which would otherwise be renewed,
     * and never sent, until a restart.
     */
    private synchronized void adoptStrays(Set<Long> renewed) {
        Set<Long> notHeld = dispatcher.notHeld(renewed);
        Set<Long> again = new HashSet<>(notHeld);
        again.retainAll(strays);
        strays = notHeld;
        if (!again.isEmpty()) {
            List<QueuedAction> adopted = outbox.adopt(again);
            LOG.warnf("took up %d action(s) this instance owned but did not hold (a commit whose outcome was lost)",
                    adopted.size());
            dispatcher.accept(adopted);
        }
    }

    /** Takes over orphaned live actions, a batch per transaction, and hands them to the dispatcher. */
    public void recover(boolean everything) {
        try {
            if (!outbox.anyToTakeOver(everything)) {
                return;
            }
            List<QueuedAction> claimed;
            do {
                claimed = outbox.claimExpired(RECOVERY_BATCH, everything);
                if (!claimed.isEmpty()) {
                    LOG.infof("took over %d action(s) left by a stopped sender", claimed.size());
                    dispatcher.accept(claimed);
                }
            } while (claimed.size() == RECOVERY_BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("the recovery scan failed: %s", e.toString());
        }
    }
}
