package io.switchboard.intake;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.Config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Inbound webhook sources, configured per name: {@code switchboard.webhooks.<source>.secret}
 * (required: without it the source is refused) and optionally {@code .event-id-field}, the
 * payload field that identifies a delivery when no Idempotency-Key header comes with it.
 * Read by name so that environment variables such as {@code SWITCHBOARD_WEBHOOKS_CRM_SECRET} work.
 *
 * <p>A configured source is looked up once and remembered (configuration does not change while
 * running; two lookups by name cost ~5% of a webhook's CPU). Unknown names are not remembered:
 * they come from the request path, so remembering them would let anyone grow the map.
 */
@ApplicationScoped
public class WebhookSources {

    private record Source(Optional<String> secret, Optional<String> eventIdField) {
    }

    @Inject
    Config config;

    private final Map<String, Source> known = new ConcurrentHashMap<>();

    public Optional<String> secret(String source) {
        return lookup(source).secret();
    }

    public Optional<String> eventIdField(String source) {
        return lookup(source).eventIdField();
    }

    private Source lookup(String name) {
        Source source = known.get(name);
        if (source != null) {
            return source;
        }
        source = new Source(
                config.getOptionalValue("switchboard.webhooks." + name + ".secret", String.class)
                        .filter(s -> !s.isBlank()),
                config.getOptionalValue("switchboard.webhooks." + name + ".event-id-field", String.class));
        if (source.secret().isPresent()) {
            known.put(name, source);
        }
        return source;
    }
}
