package io.switchboard.snapcall;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.HealthGroup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Whether SnapCall answers and its circuit is closed: {@code /q/health/group/snapcall}, not
 * readiness. A SnapCall outage must not take replicas out of the load balancer — that is exactly
 * when webhooks must keep being accepted and actions queued until it is back.
 */
@HealthGroup("snapcall")
@ApplicationScoped
public class SnapCallReadiness implements HealthCheck {

    @Inject
    SnapCallReachability reachability;

    @Inject
    SnapCallTarget target;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @Override
    public HealthCheckResponse call() {
        var check = reachability.check();
        var circuit = breakers.currentState(SnapCallBreaker.NAME);
        var response = HealthCheckResponse.named("SnapCall")
                .status(check.reachable() && circuit != io.smallrye.faulttolerance.api.CircuitBreakerState.OPEN)
                .withData("url", target.baseUri().toString()).withData("circuit", circuit.name().toLowerCase());
        if (check.error() != null) {
            response.withData("error", check.error());
        }
        return response.build();
    }
}
