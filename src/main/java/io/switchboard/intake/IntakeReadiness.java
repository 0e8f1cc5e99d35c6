package io.switchboard.intake;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ready while the intake can take deliveries: what waits for its commit is below the byte
 * bound. With the database check, that is all readiness covers — SnapCall's health is in its
 * own group, since an outage there is when queueing matters most.
 */
@Readiness
@ApplicationScoped
public class IntakeReadiness implements HealthCheck {

    @Inject
    EventBatcher batcher;

    @Inject
    IntakeConfig config;

    @Override
    public HealthCheckResponse call() {
        long queued = batcher.queuedBytes();
        return HealthCheckResponse.named("Intake").status(queued < config.maxQueuedBytes())
                .withData("queued_bytes", queued).withData("max_queued_bytes", config.maxQueuedBytes()).build();
    }
}
