package io.switchboard.intake;

import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Inbound webhook sources, configured per name: {@code switchboard.webhooks.<source>.secret}
 * (required: without it the source is refused) and optionally {@code .event-id-field}, the
 * payload field that identifies a delivery when no Idempotency-Key header comes with it.
 * Read by name so that environment variables such as {@code SWITCHBOARD_WEBHOOKS_CRM_SECRET} work.
 */
@ApplicationScoped
public class WebhookSources {

    @Inject
    Config config;

    public Optional<String> secret(String source) {
        return config.getOptionalValue("switchboard.webhooks." + source + ".secret", String.class)
                .filter(s -> !s.isBlank());
    }

    public Optional<String> eventIdField(String source) {
        return config.getOptionalValue("switchboard.webhooks." + source + ".event-id-field", String.class);
    }
}
