package io.switchboard.action;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where a {@code webhook.post} may go: an http(s) URL without credentials whose host is on the
 * allow-list — by exact name, or by a {@code *.domain} wildcard — and whose every address passes
 * {@link AddressRanges}: reserved ranges never, internal ones (loopback, private, CGNAT,
 * unique-local) only for a host listed by its exact name.
 *
 * <p>Against DNS rebinding the check and the connection share one lookup: {@link #resolve}
 * looks the host up once, checks every address it got, and hands back the {@link Target} with the
 * address to connect to; {@link WebhookPoster} connects to exactly that address (the name goes
 * only into the Host header and TLS SNI/verification). A name that answers a public address to
 * the check and a private one to the connection therefore cannot get through.
 *
 * <p>When a rule is saved ({@link #refusal}) only the URL, the allow-list and an IP-literal host are
 * checked — no lookup: what a name resolves to then says nothing about send time.
 */
@ApplicationScoped
public class WebhookTargets {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Inject
    WebhookPostConfig config;

    @Inject
    HostResolver resolver;

    /** What a send-time check found. */
    public sealed interface Resolution permits Target, Refused, Unresolved {
    }

    /** Allowed: connect to {@code address}; {@code host} names it in Host and TLS. */
    public record Target(URI uri, String host, int port, boolean tls, InetAddress address) implements Resolution {

        /** The request line's target: path and query as written. */
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Never to be sent, now or later. */
    public record Refused(String why) implements Resolution {
    }

    /** The host did not resolve: maybe a DNS hiccup, worth another try. */
    public record Unresolved(String why) implements Resolution {
    }

    /** The URL with its host as allow-listed: exactly, or only by a wildcard. */
    private record Listed(URI uri, String host, boolean exact) {
    }

    /** At rule save: empty when allowed as far as can be told without a lookup, otherwise why not. */
    public Optional<String> refusal(String url) {
        Object listed = listed(url);
        if (listed instanceof String why) {
            return Optional.of(why);
        }
        Listed target = (Listed) listed;
        return literal(target.host()).flatMap(address -> verdict(target, List.of(address)));
    }

    /** At send time: looks the host up once and checks every address. Blocking: call it off the event loop. */
    public Resolution resolve(String url) {
        Object listed = listed(url);
        if (listed instanceof String why) {
            return new Refused(why);
        }
        Listed target = (Listed) listed;
        List<InetAddress> addresses;
        try {
            Optional<InetAddress> literal = literal(target.host());
            addresses = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(target.host());
        } catch (UnknownHostException e) {
            return new Unresolved("host " + target.host() + " does not resolve");
        }
        if (addresses.isEmpty()) {
            return new Unresolved("host " + target.host() + " does not resolve");
        }
        Optional<String> refused = verdict(target, addresses);
        if (refused.isPresent()) {
            return new Refused(refused.get());
        }
        URI uri = target.uri();
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, uri.getHost(), port, tls, addresses.get(0));
    }

    /** Why none of these addresses may be reached for this host, or empty when all may. */
    static Optional<String> verdict(Listed target, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<AddressRanges.Range> range = AddressRanges.of(address);
            if (range.isEmpty()) {
                continue;
            }
            String where = "host " + target.host() + " resolves to " + address.getHostAddress() + " (" + range.get() + ")";
            switch (range.get().kind()) {
                case RESERVED -> {
                    return Optional.of(where + ", a reserved address no webhook may reach");
                }
                case INTERNAL -> {
                    if (!target.exact()) {
                        // A wildcard is no licence to reach inside the network: such hosts must be listed by name.
                        return Optional.of(where + ", a private or loopback address; list it by its exact name to allow it");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The URL's host as allow-listed, or (a String) why the URL is refused outright. */
    private Object listed(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null) {
            return "has no host";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        String host = bare(uri.getHost().toLowerCase(Locale.ROOT));
        List<String> allowed = config.allowedHosts().orElse(List.of()).stream()
                .map(h -> bare(h.trim().toLowerCase(Locale.ROOT))).toList();
        if (allowed.contains(host)) {
            return new Listed(uri, host, true);
        }
        if (allowed.stream().anyMatch(h -> h.startsWith("*.") && host.endsWith(h.substring(1)))) {
            return new Listed(uri, host, false);
        }
        return "host " + host + " is not in switchboard.webhook-post.allowed-hosts";
    }

    /** True when the host is an IP literal in any special range (loopback, private, link-local…). */
    static boolean internal(String host) {
        return literal(host).flatMap(AddressRanges::of).isPresent();
    }

    /** The address an IP-literal host stands for; a name gives nothing (and is never looked up here). */
    static Optional<InetAddress> literal(String host) {
        String bare = bare(host);
        try {
            if (bare.contains(":")) {
                // In brackets, InetAddress only parses: a malformed literal fails instead of becoming a DNS query.
                return Optional.of(InetAddress.getByName("[" + bare + "]"));
            }
            if (IPV4_LITERAL.matcher(bare).matches()) {
                String[] parts = bare.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            return Optional.empty();
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
