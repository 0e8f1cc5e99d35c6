package io.switchboard.action;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Drains the outbox: claims due actions, sends them, settles each. Runs on a tick and as soon
 * as the engine queued something; one round at a time per process.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);

    @Inject
    Outbox outbox;

    @Inject
    ActionSender sender;

    private final AtomicBoolean running = new AtomicBoolean();

    @Scheduled(every = "${switchboard.actions.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void tick() {
        drain();
    }

    @ActivateRequestContext
    void onQueued(@ObservesAsync ActionsQueued queued) {
        drain();
    }

    /** Sends until nothing is due. */
    public void drain() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            List<Action> claimed;
            do {
                Instant startedAt = Instant.now();
                claimed = outbox.claimDue(startedAt);
                if (claimed.isEmpty()) {
                    break;
                }
                ActionSender.Round round = sender.sendAll(claimed);
                outbox.settleAll(round, startedAt);
                for (Action action : claimed) {
                    SendResult result = round.results().get(action.id);
                    LOG.infof("action %d (%s) of execution %d: %s%s", action.id, action.type, action.executionId,
                            result.outcome().name().toLowerCase(),
                            result.error() == null ? "" : " — " + result.error());
                }
            } while (!claimed.isEmpty());
        } catch (RuntimeException e) {
            LOG.errorf(e, "outbox round failed; claimed actions will be retried after their lease");
        } finally {
            running.set(false);
        }
    }
}
