package io.switchboard.snapcall;

import java.net.URI;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which SnapCall this instance talks to: the configured URL, the real SnapCall when only a key
 * is set, or — with neither — the embedded sandbox served by this very process.
 */
@ApplicationScoped
public class SnapCallTarget {

    static final URI PRODUCTION = URI.create("https://api.snapcall.io");

    @Inject
    SnapCallConfig config;

    @ConfigProperty(name = "switchboard.sandbox.api-key", defaultValue = "sandbox-key")
    String sandboxKey;

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

    private URI embeddedSandbox() {
        int effectivePort = LaunchMode.current() == LaunchMode.TEST ? testPort : port;
        return URI.create("http://localhost:" + effectivePort + "/sandbox");
    }
}
