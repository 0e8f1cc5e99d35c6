package io.switchboard;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The scheduled jobs running now. The scheduler checks that the application runs only when it
 * starts a job, so a job that was running when a stop began went on while the container shut
 * down under it, and failed there — an {@code ERROR} with a stack trace in the log of a normal
 * stop ("ArC container not initialized", "EntityManagerFactory is closed"). A stop now first
 * refuses new runs and waits for the running ones, at most {@link #GRACE}.
 */
@ApplicationScoped
public class Ticks {

    private static final Logger LOG = Logger.getLogger(Ticks.class);
    static final Duration GRACE = Duration.ofSeconds(5);

    private int running;
    private boolean stopping;

    /** Whether a run may start (then {@link #exit} must follow); false once stopping. */
    public synchronized boolean enter() {
        if (stopping) {
            return false;
        }
        running++;
        return true;
    }

    /**
     * For a job that runs in steps: waits {@code millis} between two of them, unless a stop begins
     * first, which it does not then wait out. Answers whether the job may go on.
     */
    public synchronized boolean pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return false;
    }

    public synchronized void exit() {
        running--;
        notifyAll();
    }

    /** Before anything else stops: the dispatcher, the writers and the database are still there for the runs to finish. */
    void stop(@Observes @Priority(0) ShutdownEvent shutdown) {
        stop(GRACE);
    }

    synchronized void stop(Duration grace) {
        stopping = true;
        notifyAll(); // wakes the jobs pausing between steps
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("stopping with %d scheduled job(s) still running", running);
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
