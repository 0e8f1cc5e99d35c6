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

    @Override
    public HealthCheckResponse call() {
        var check = reachability.check();
        var response = HealthCheckResponse.named("SnapCall").status(check.reachable())
                .withData("url", target.baseUri().toString());
        if (check.error() != null) {
            response.withData("error", check.error());
        }
        return response.build();
    }
}
