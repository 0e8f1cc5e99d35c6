package io.switchboard.snapcall;

import java.util.concurrent.TimeUnit;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Builds the REST client programmatically: its base URL and key are decided at run time by {@link SnapCallTarget}. */
@ApplicationScoped
public class SnapCallApiProducer {

    @Inject
    SnapCallTarget target;

    @Inject
    SnapCallConfig config;

    @Produces
    @ApplicationScoped
    SnapCallApi snapCallApi() {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(target.baseUri())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new SnapCallAuthentication(config.auth(), target.apiKey()))
                .register(new SnapCallErrors())
                .build(SnapCallApi.class);
    }
}
