package io.switchboard.action;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Decides whether a {@code webhook.post} URL is allowed: http(s), and a host on the allow-list. */
@ApplicationScoped
public class WebhookTargets {

    @Inject
    WebhookPostConfig config;

    /** Empty when allowed, otherwise why not. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null) {
            return Optional.of("has no host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        List<String> allowed = config.allowedHosts().orElse(List.of());
        boolean listed = allowed.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .anyMatch(h -> h.equals(host) || (h.startsWith("*.") && host.endsWith(h.substring(1))));
        return listed ? Optional.empty()
                : Optional.of("host " + host + " is not in switchboard.webhook-post.allowed-hosts");
    }
}
