package io.switchboard.snapcall;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

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

    @Inject
    ObjectMapper json;

    @Produces
    @ApplicationScoped
    SnapCallApi snapCallApi() {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(target.baseUri())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new SnapCallAuthentication(config.auth(), target.apiKey(), target.partnerApiKey()))
                .register(new SnapCallErrors(json))
                .build(SnapCallApi.class);
    }
}
