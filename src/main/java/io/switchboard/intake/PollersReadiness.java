package io.switchboard.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import io.smallrye.health.api.HealthGroup;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Pollers are stuck when none of their rounds succeeded for five intervals (two minutes at
 * least; the effective interval, when the budget stretches the cycle), on any replica — they share their cursors, so this is the cluster's view. In the
 * {@code snapcall} health group with SnapCall's own check: stuck pollers mean SnapCall is not
 * answering, which is no reason to stop accepting webhooks.
 */
@HealthGroup("snapcall")
@ApplicationScoped
public class PollersReadiness implements HealthCheck {

    static final Duration GRACE = Duration.ofMinutes(2);

    @Inject
    Pollers pollers;

    @Inject
    PollConfig config;

    @Inject
    Clock clock;

    private volatile Instant startedAt;

    void started(@Observes StartupEvent start) {
        startedAt = clock.instant();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Pollers").up();
        if (!config.enabled()) {
            return response.withData("pollers", "disabled").build();
        }
        Instant now = clock.instant();
        for (Poller poller : pollers.all()) {
            PollCursor cursor = QuarkusTransaction.requiringNew().call(() -> PollCursor.<PollCursor> findById(poller.name()));
            Duration allowed = (cursor == null ? poller.interval() : cursor.effectiveInterval(poller.interval()))
                    .multipliedBy(5);
            if (allowed.compareTo(GRACE) < 0) {
                allowed = GRACE;
            }
            Instant last = cursor == null || cursor.lastSuccessAt == null ? (startedAt == null ? now : startedAt)
                    : cursor.lastSuccessAt;
            Duration lag = Duration.between(last, now);
            response.withData(poller.name(), lag.toSeconds() + " s since the last success"
                    + (cursor != null && cursor.lastError != null ? "; last error: " + cursor.lastError : ""));
            if (lag.compareTo(allowed) > 0) {
                response.down();
            }
        }
        return response.build();
    }
}
