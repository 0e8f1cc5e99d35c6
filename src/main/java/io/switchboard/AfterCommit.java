package io.switchboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Something a transaction collects (the state it wrote, the actions it queued) and hands on
 * once it committed — never before (a reader woken early would find nothing) and never after
 * a rollback (what it names was never stored). Hand-offs run in the order they were first
 * collected: a transaction records SnapCall's state before it queues actions, so the sender
 * plans against the state that transaction wrote.
 */
@ApplicationScoped
public class AfterCommit {

    private static final Logger LOG = Logger.getLogger(AfterCommit.class);

    private static final Object HANDOFFS = new Object();

    /** On a thread inside {@link #handOffAfter}: the hand-offs its commits made, waiting their turn. */
    private static final ThreadLocal<List<Runnable>> HELD = new ThreadLocal<>();

    /**
     * Runs {@code work}, and only then, on this thread and in order, the hand-offs of the
     * transactions it committed. For a writer that answers its callers once their commit is
     * done: the intake's 202 then does not also wait for the sender to take the queued actions.
     * Not for a writer whose callers read what the hand-offs update (a settle's known state).
     */
    public static void handOffAfter(Runnable work) {
        List<Runnable> held = new ArrayList<>();
        HELD.set(held);
        try {
            work.run();
        } finally {
            HELD.remove();
            held.forEach(AfterCommit::run);
        }
    }

    /** One hand-off; one that fails does not keep the next from its turn (the actions after the state). */
    private static void run(Runnable handoff) {
        try {
            handoff.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "a hand-off after commit failed");
        }
    }

    @Inject
    TransactionSynchronizationRegistry registry;

    /**
     * This transaction's collection under {@code key}, made by {@code create} on first use;
     * {@code onCommit} receives it after the commit.
     */
    public <T> T collect(Object key, Supplier<T> create, Consumer<T> onCommit) {
        return collect(key, create, onCommit, dropped -> {
            // a transaction that did not commit stored nothing to hand on
        });
    }

    /**
     * As {@link #collect(Object, Supplier, Consumer)}; {@code onOtherEnd} receives the collection
     * when the transaction ends without a known commit (rolled back, or its outcome never came back).
     */
    public <T> T collect(Object key, Supplier<T> create, Consumer<T> onCommit, Consumer<T> onOtherEnd) {
        @SuppressWarnings("unchecked")
        T collected = (T) registry.getResource(key);
        if (collected != null) {
            return collected;
        }
        T fresh = create.get();
        registry.putResource(key, fresh);
        handoffs().put(key, new Handoff(() -> onCommit.accept(fresh), () -> onOtherEnd.accept(fresh)));
        return fresh;
    }

    private record Handoff(Runnable onCommit, Runnable onOtherEnd) {
    }

    /** The collection under {@code key} if this transaction made one. */
    @SuppressWarnings("unchecked")
    public <T> T collected(Object key) {
        return registry.getTransactionKey() == null ? null : (T) registry.getResource(key);
    }

    private Map<Object, Handoff> handoffs() {
        @SuppressWarnings("unchecked")
        Map<Object, Handoff> handoffs = (Map<Object, Handoff>) registry.getResource(HANDOFFS);
        if (handoffs == null) {
            // One synchronization per transaction: the transaction manager runs several in reverse order.
            Map<Object, Handoff> ordered = new LinkedHashMap<>();
            registry.putResource(HANDOFFS, ordered);
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing to do before the commit
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        ordered.values().forEach(h -> run(h.onOtherEnd()));
                        return;
                    }
                    List<Runnable> held = HELD.get();
                    if (held != null) {
                        ordered.values().forEach(h -> held.add(h.onCommit()));
                    } else {
                        ordered.values().forEach(h -> run(h.onCommit()));
                    }
                }
            });
            handoffs = ordered;
        }
        return handoffs;
    }
}
