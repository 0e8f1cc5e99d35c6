package io.switchboard.snapcall;

import java.net.URI;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which SnapCall this instance talks to, and with which keys: the configured URL, the real
 * SnapCall when only a key is set, or — with neither — the embedded sandbox served by this very
 * process, with the sandbox's own account and partner keys.
 */
@ApplicationScoped
public class SnapCallTarget {

    static final URI PRODUCTION = URI.create("https://api.snapcall.io");

    @Inject
    SnapCallConfig config;

    @ConfigProperty(name = "switchboard.sandbox.api-key", defaultValue = "sandbox-key")
    String sandboxKey;

    @ConfigProperty(name = "switchboard.sandbox.partner-api-key", defaultValue = "sandbox-partner-key")
    String sandboxPartnerKey;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
    int testPort;

    public URI baseUri() {
        return config.url().orElseGet(() -> config.apiKey().isPresent() ? PRODUCTION : embeddedSandbox());
    }

    public String apiKey() {
        return config.apiKey().orElse(sandboxKey);
    }

    /** The partner key, or null when there is none (the partner calls then carry {@link #apiKey()}). */
    public String partnerApiKey() {
        return config.partnerApiKey().filter(key -> !key.isBlank())
                .orElse(config.apiKey().isPresent() ? null : sandboxPartnerKey);
    }

    private URI embeddedSandbox() {
        int effectivePort = LaunchMode.current() == LaunchMode.TEST ? testPort : port;
        return URI.create("http://localhost:" + effectivePort + "/sandbox");
    }
}
