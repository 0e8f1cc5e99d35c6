package io.switchboard;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs a {@link Tick} job only while the application is not stopping, and tells {@link Ticks} when it ends. */
@Tick
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class TickInterceptor {

    @Inject
    Ticks ticks;

    @AroundInvoke
    Object run(InvocationContext context) throws Exception {
        if (!ticks.enter()) {
            // Stopping: nothing ran (a job that answers whether it did says no).
            return context.getMethod().getReturnType() == boolean.class ? Boolean.FALSE : null;
        }
        try {
            return context.proceed();
        } finally {
            ticks.exit();
        }
    }
}
