package io.switchboard.snapcall;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Ready only when SnapCall answers: without it no action can be sent. */
@Readiness
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
