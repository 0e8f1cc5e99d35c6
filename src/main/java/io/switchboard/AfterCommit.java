package io.switchboard;

import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Something a transaction collects (the actions it queued, the state it wrote) and hands on
 * once it committed — never before (a reader woken early would find nothing) and never after
 * a rollback (what it names was never stored).
 */
@ApplicationScoped
public class AfterCommit {

    @Inject
    TransactionSynchronizationRegistry registry;

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
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    onCommit.accept(fresh);
                }
            }
        });
        return fresh;
    }
}
