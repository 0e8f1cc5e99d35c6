package io.switchboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs a signal once after the current transaction commits — never before (a worker woken
 * early would find nothing) and never after a rollback. Used to wake the engine and the
 * action worker without waiting for their next tick.
 */
@ApplicationScoped
public class AfterCommit {

    @Inject
    TransactionSynchronizationRegistry registry;

    /** {@code key} makes repeated calls in one transaction signal once. */
    public void signal(Object key, Runnable signal) {
        if (registry.getResource(key) != null) {
            return;
        }
        registry.putResource(key, Boolean.TRUE);
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.run();
                }
            }
        });
    }
}
