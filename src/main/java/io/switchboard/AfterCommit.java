package io.switchboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Something a transaction collects (the state it wrote, the actions it queued) and hands on
 * once it committed and the commit is durable ({@link Durability}) — never before (a reader
 * woken early would find nothing, a request sent early could outlive a crash that loses its
 * action) and never after a rollback (what it names was never stored). Hand-offs run in the
 * order they were first collected: a transaction records SnapCall's state before it queues
 * actions, so the sender plans against the state that transaction wrote.
 *
 * <p>Where commits are not durable on their own (the embedded H2), every transaction's commit
 * also waits here until its flush, so whatever its caller answers next is in the file —
 * except a group commit's ({@link #answerWhenDurable}), which answers its callers itself once
 * the flush is done and starts its next transaction meanwhile.
 */
@ApplicationScoped
public class AfterCommit {

    private static final Logger LOG = Logger.getLogger(AfterCommit.class);

    private static final Object HANDOFFS = new Object();

    @Inject
    TransactionSynchronizationRegistry registry;

    @Inject
    Durability durability;

    /** One per transaction: the transaction manager runs several synchronizations in reverse order. */
    private final class Handoffs implements Synchronization {
        final Map<Object, Runnable> ordered = new LinkedHashMap<>();
        CompletableFuture<Void> answered;

        @Override
        public void beforeCompletion() {
            // nothing to do before the commit
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                if (answered != null) {
                    answered.completeExceptionally(new IllegalStateException("rolled back"));
                }
                return;
            }
            CompletableFuture<Void> handedOn = durability.flushed().thenRun(this::handOn);
            if (answered == null) {
                handedOn.join();
            } else {
                handedOn.whenComplete((ok, failed) -> {
                    if (failed == null) {
                        answered.complete(null);
                    } else {
                        answered.completeExceptionally(failed);
                    }
                });
            }
        }

        private void handOn() {
            for (Runnable handoff : ordered.values()) {
                try {
                    handoff.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "a hand-off after a commit failed");
                }
            }
        }
    }

    /** Every transaction waits for its flush where commits need one. */
    void begun(@Observes @Initialized(TransactionScoped.class) Object transaction) {
        if (durability.deferred()) {
            handoffs();
        }
    }

    /**
     * This transaction's collection under {@code key}, made by {@code create} on first use;
     * {@code onCommit} receives it after the commit.
     */
    public <T> T collect(Object key, Supplier<T> create, Consumer<T> onCommit) {
        @SuppressWarnings("unchecked")
        T collected = (T) registry.getResource(key);
        if (collected != null) {
            return collected;
        }
        T fresh = create.get();
        registry.putResource(key, fresh);
        handoffs().ordered.put(key, () -> onCommit.accept(fresh));
        return fresh;
    }

    /** The collection under {@code key} if this transaction made one. */
    @SuppressWarnings("unchecked")
    public <T> T collected(Object key) {
        return registry.getTransactionKey() == null ? null : (T) registry.getResource(key);
    }

    /**
     * Inside a transaction: its commit returns without waiting to be durable; the future
     * completes once it is and its hand-offs ran (fails if it rolled back or could not be written).
     */
    public CompletableFuture<Void> answerWhenDurable() {
        Handoffs handoffs = handoffs();
        if (handoffs.answered == null) {
            handoffs.answered = new CompletableFuture<>();
        }
        return handoffs.answered;
    }

    private Handoffs handoffs() {
        Handoffs handoffs = (Handoffs) registry.getResource(HANDOFFS);
        if (handoffs == null) {
            handoffs = new Handoffs();
            registry.putResource(HANDOFFS, handoffs);
            registry.registerInterposedSynchronization(handoffs);
        }
        return handoffs;
    }
}
