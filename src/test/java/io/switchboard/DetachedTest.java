package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

/**
 * Background loops (the group-commit writers, the poll rounds) are started from a request or
 * startup context; they must not run inside it for the rest of their life.
 */
@QuarkusTest
class DetachedTest {

    @Inject
    ManagedExecutor executor;

    @Test
    @ActivateRequestContext
    void aTaskStartedFromARequestRunsOutsideItsRequestContext() throws Exception {
        CompletableFuture<Boolean> plain = new CompletableFuture<>();
        executor.execute(() -> plain.complete(Arc.container().requestContext().isActive()));
        assertTrue(plain.get(5, TimeUnit.SECONDS), "the failure guarded against: a managed executor carries the context along");

        CompletableFuture<Boolean> detached = new CompletableFuture<>();
        CompletableFuture<ClassLoader> loader = new CompletableFuture<>();
        Detached.execute(executor, () -> {
            detached.complete(Arc.container().requestContext().isActive());
            loader.complete(Thread.currentThread().getContextClassLoader());
        });
        assertFalse(detached.get(5, TimeUnit.SECONDS), "no request context in a detached task");
        assertEquals(Thread.currentThread().getContextClassLoader(), loader.get(5, TimeUnit.SECONDS),
                "the application's class loader stays");
        assertTrue(Arc.container().requestContext().isActive(), "the starter's own context is untouched");
    }
}
