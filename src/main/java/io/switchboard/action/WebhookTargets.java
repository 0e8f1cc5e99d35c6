package io.switchboard.action;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Decides whether a {@code webhook.post} URL is allowed: http(s), no credentials, and a host on
 * the allow-list — by exact name, or by a {@code *.domain} wildcard unless it resolves to a
 * private or loopback address (checked when the rule is saved and again when the action is sent).
 */
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
        List<String> allowed = config.allowedHosts().orElse(List.of()).stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        if (allowed.contains(host)) {
            return Optional.empty();
        }
        boolean byWildcard = allowed.stream().anyMatch(h -> h.startsWith("*.") && host.endsWith(h.substring(1)));
        if (!byWildcard) {
            return Optional.of("host " + host + " is not in switchboard.webhook-post.allowed-hosts");
        }
        // A wildcard is no licence to reach inside the network: such hosts must be listed by name.
        return internal(host) ? Optional.of("host " + host
                + " resolves to a private or loopback address; list it by its exact name to allow it") : Optional.empty();
    }

    /** True when the host resolves to a loopback, private, link-local or unspecified address. */
    static boolean internal(String host) {
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || isUniqueLocal(address)) {
                    return true;
                }
            }
            return false;
        } catch (java.net.UnknownHostException unresolved) {
            // Nothing to reach yet; checked again when the action is sent.
            return false;
        }
    }

    private static boolean isUniqueLocal(java.net.InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
