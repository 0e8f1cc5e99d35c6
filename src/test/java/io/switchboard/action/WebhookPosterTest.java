package io.switchboard.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * webhook.post against every special address range, with the lookups answered here and the
 * network replaced by a recorder: a refusal must come before any connection is attempted, and an
 * allowed request must go to the very address that was checked. Nothing leaves this JVM.
 */
class WebhookPosterTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    /** Answers lookups from a table (a list per name: one answer per lookup, the last one repeated). */
    static final class Dns implements HostResolver {
        final Map<String, List<List<InetAddress>>> answers = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        Dns answer(String host, InetAddress... addresses) {
            answers.computeIfAbsent(host, h -> new ArrayList<>()).add(List.of(addresses));
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            int nth = (int) lookups.stream().filter(host::equals).count();
            lookups.add(host);
            List<List<InetAddress>> known = answers.get(host);
            if (known == null) {
                throw new UnknownHostException(host);
            }
            return known.get(Math.min(nth, known.size() - 1));
        }
    }

    final Dns dns = new Dns();
    final List<WebhookTargets.Target> connections = new ArrayList<>();
    final WebhookPoster poster = new WebhookPoster();

    WebhookPosterTest() {
        WebhookTargets targets = new WebhookTargets();
        targets.config = () -> Optional.of(List.of("*.example.org", "exact.example.com"));
        targets.resolver = dns;
        poster.targets = targets;
        poster.lookups = Runnable::run;
        poster.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        poster.exchange = (target, body, actionId) -> {
            connections.add(target);
            return CompletableFuture.completedFuture(new WebhookPoster.Answer(204, null));
        };
    }

    SendResult post(String url) {
        return poster.post(url, null, 1L).toCompletableFuture().join();
    }

    /** An address inside the range (its first host, or the address itself for a single-address range). */
    static InetAddress sample(AddressRanges.Range range) throws UnknownHostException {
        byte[] bytes = range.prefix().clone();
        if (range.bits() < bytes.length * 8) {
            bytes[bytes.length - 1] |= 1;
        }
        return InetAddress.getByAddress(bytes);
    }

    static Stream<AddressRanges.Range> ranges() {
        return AddressRanges.RANGES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ranges")
    void eachSpecialRangeIsRefusedBeforeAnyConnection(AddressRanges.Range range) throws Exception {
        InetAddress address = sample(range);
        dns.answer("hook.example.org", address);

        SendResult viaWildcard = post("https://hook.example.org/x");

        assertEquals(SendResult.Outcome.REFUSED, viaWildcard.outcome(), address + ": " + viaWildcard.error());
        assertTrue(viaWildcard.error().contains(range.cidr()), viaWildcard.error());
        assertEquals(List.of(), connections, "no connection to " + address);
        assertEquals(List.of("hook.example.org"), dns.lookups, "one lookup");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ranges")
    void aHostListedByExactNameReachesInternalRangesButNeverReservedOnes(AddressRanges.Range range) throws Exception {
        InetAddress address = sample(range);
        dns.answer("exact.example.com", address);

        SendResult result = post("http://exact.example.com:8080/x");

        switch (range.kind()) {
            case INTERNAL -> {
                assertEquals(SendResult.Outcome.SUCCEEDED, result.outcome(), String.valueOf(result.error()));
                assertEquals(address, connections.get(0).address());
            }
            case RESERVED -> {
                assertEquals(SendResult.Outcome.REFUSED, result.outcome());
                assertTrue(result.error().contains("reserved"), result.error());
                assertEquals(List.of(), connections);
            }
        }
    }

    @Test
    void ipv4MappedIpv6AddressesAreJudgedByTheirIpv4Address() throws Exception {
        for (String v4 : List.of("127.0.0.1", "169.254.169.254", "10.1.2.3", "100.64.0.1", "0.0.0.0")) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, mapped, 12, 4);
            dns.answer("mapped-" + v4 + ".example.org", Inet6Address.getByAddress(null, mapped, -1));
            SendResult result = post("https://mapped-" + v4 + ".example.org/x");
            assertEquals(SendResult.Outcome.REFUSED, result.outcome(), "::ffff:" + v4);
        }
        assertEquals(List.of(), connections);
    }

    @Test
    void everyAddressOfTheHostIsCheckedNotJustTheFirst() throws Exception {
        dns.answer("mixed.example.org", InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5"));
        SendResult result = post("https://mixed.example.org/x");
        assertEquals(SendResult.Outcome.REFUSED, result.outcome());
        assertTrue(result.error().contains("10.0.0.5"), result.error());
        assertEquals(List.of(), connections);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWhateverTheNameSaysLater() throws Exception {
        // DNS rebinding: public to the check, metadata endpoint to a second lookup.
        dns.answer("rebind.example.org", InetAddress.getByName("93.184.216.34"))
                .answer("rebind.example.org", InetAddress.getByName("169.254.169.254"));

        SendResult result = post("https://rebind.example.org/hook?x=1");

        assertEquals(SendResult.Outcome.SUCCEEDED, result.outcome());
        assertEquals(List.of("rebind.example.org"), dns.lookups, "looked up once");
        WebhookTargets.Target target = connections.get(0);
        assertEquals(InetAddress.getByName("93.184.216.34"), target.address());
        assertEquals("rebind.example.org", target.host(), "the name goes to Host and TLS");
        assertEquals(443, target.port());
        assertTrue(target.tls());
        assertEquals("/hook?x=1", target.pathAndQuery());
    }

    @Test
    void anUnresolvableHostIsRetriedAndAnUnlistedOneRefusedWithoutALookup() {
        assertEquals(SendResult.Outcome.RETRY, post("https://gone.example.org/x").outcome());
        assertEquals(SendResult.Outcome.REFUSED, post("https://elsewhere.example.net/x").outcome());
        assertEquals(List.of("gone.example.org"), dns.lookups);
        assertEquals(List.of(), connections);
    }

    @Test
    void absurdRetryAfterFromAReceiverIsReadWithoutThrowing() throws Exception {
        dns.answer("slow.example.org", InetAddress.getByName("93.184.216.34"));
        Map<String, Optional<Duration>> cases = new HashMap<>();
        cases.put("9223372036854775807", Optional.of(io.switchboard.RetryAfter.CEILING));
        cases.put("-5", Optional.empty());
        cases.put("Thu, 01 Jan 1970 00:00:00 GMT", Optional.of(Duration.ZERO));
        cases.put("Sat, 28 Nov 2026 11:00:00 GMT", Optional.of(Duration.ofHours(1)));
        cases.put("garbage", Optional.empty());
        for (var c : cases.entrySet()) {
            for (int status : new int[] { 429, 503 }) {
                poster.exchange = (target, body, id) -> CompletableFuture.completedFuture(
                        new WebhookPoster.Answer(status, c.getKey()));
                SendResult result = post("https://slow.example.org/x");
                assertEquals(SendResult.Outcome.RETRY, result.outcome());
                assertEquals(c.getValue(), Optional.ofNullable(result.retryAfter()), status + " " + c.getKey());
                RetryPolicy.Next next = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(5))
                        .after(result, 0, NOW);
                assertTrue(!next.nextAttemptAt().isAfter(NOW.plus(Duration.ofMinutes(5))), "clamped: " + next);
            }
        }
    }
}
