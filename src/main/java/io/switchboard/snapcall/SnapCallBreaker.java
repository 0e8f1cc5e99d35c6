package io.switchboard.snapcall;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One circuit breaker for all of SnapCall: when half of the last 20 requests failed with a
 * transient error (5xx, timeouts, drops, 429), further requests fail fast for 10 s instead of
 * piling onto a struggling API; then a few trial requests decide whether it closes again.
 * Refusals (4xx) say nothing about SnapCall's health and do not count. Asynchronous, so the
 * sender's non-blocking requests and the pollers' blocking ones share this one breaker.
 */
@ApplicationScoped
public class SnapCallBreaker {

    public static final String NAME = "snapcall";

    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 3, failOn = { SnapCallException.Transient.class, SnapCallException.RateLimited.class })
    @CircuitBreakerName(NAME)
    public <T> CompletionStage<T> call(Supplier<CompletionStage<T>> request) {
        return request.get();
    }
}
