package io.switchboard.action;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.InstanceId;
import io.switchboard.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps this instance's claims alive and adopts orphans. Every third of the lease it renews
 * the claims it holds (one statement); after a renewal gap longer than the lease it keeps only
 * the actions still its own. The recovery scan takes over live actions whose owner's lease
 * lapsed — at start, on the embedded H2 database (one process at a time can open its file), it
 * takes every live action at once instead of waiting for a lease left by the previous run.
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
    private volatile boolean started;

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
            recover(!started && "h2".equals(dbKind));
            started = true;
        }
    }

    private void renew(Instant now) {
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
        } catch (RuntimeException e) {
            LOG.warnf("renewing this instance's action claims failed: %s", e.toString());
        }
    }

    /** Whether the first tick ran: on H2 it takes over every live action (the start's recovery scan). */
    public boolean started() {
        return started;
    }

    /** Takes over orphaned live actions, a batch per transaction, and hands them to the dispatcher. */
    public void recover(boolean everything) {
        try {
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
