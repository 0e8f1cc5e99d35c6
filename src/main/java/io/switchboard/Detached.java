package io.switchboard;

import java.util.concurrent.Executor;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

/**
 * Starts background work outside any CDI request context. A managed executor carries the
 * submitter's request context into the task; a writer loop started at startup then ran, for the
 * whole life of the process, inside that one context (every batch sharing its request-scoped
 * beans), and a poll round inside the scheduler tick's context, which ends when the tick returns.
 * Each REST client call in such a task also looked for the incoming request's headers there and
 * threw and caught an exception per call. (Context propagation's "cleared" CDI context is not
 * "none": ArC activates a fresh, empty one. So the task lets go of the context itself; the
 * starter keeps its own, and the executor still sets the class loader.)
 */
public final class Detached {

    private Detached() {
    }

    public static void execute(Executor executor, Runnable task) {
        executor.execute(() -> {
            ManagedContext request = Arc.container().requestContext();
            if (request.isActive()) {
                request.deactivate(); // this thread stops using it; it is not destroyed
            }
            task.run();
        });
    }
}
