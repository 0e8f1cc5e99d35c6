package io.switchboard.action;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.intake.WebhookSignature;
import jakarta.inject.Inject;

/**
 * webhook.post end to end, against a receiver on 127.0.0.1 and names answered by {@link TestDns}:
 * absurd Retry-After values are clamped to the maximum backoff and recorded; a name that resolves
 * to an internal address is refused although the allow-list matches it; and the request goes to
 * the address that was checked, whatever the name says afterwards.
 */
@QuarkusTest
@TestProfile(WebhookPostTest.Receivers.class)
class WebhookPostTest {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    public static class Receivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.webhook-post.allowed-hosts", "pinned.example.com,huge.retry.test,"
                    + "date.retry.test,negative.retry.test,epoch.retry.test,garbage.retry.test,*.example.org",
                    "switchboard.actions.max-backoff", "2m", "switchboard.actions.max-attempts", "3");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestDns.class);
        }
    }

    /** One request the receiver got. */
    record Received(String host, String path, String idempotencyKey, String body) {
    }

    @Inject
    Fixtures fixtures;

    @Inject
    TestDns dns;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        fixtures.clean();
        dns.clear();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            received.add(new Received(host, exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String name = host.substring(0, host.indexOf(':'));
            String retryAfter = switch (name) {
                case "huge.retry.test" -> "9223372036854775807";
                case "date.retry.test" -> DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.now().plus(Duration.ofDays(3)).atZone(ZoneOffset.UTC));
                case "negative.retry.test" -> "-5";
                case "epoch.retry.test" -> "Thu, 01 Jan 1970 00:00:00 GMT";
                case "garbage.retry.test" -> "after lunch";
                default -> null;
            };
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(retryAfter == null ? 204 : name.startsWith("date") ? 503 : 429, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    int port() {
        return receiver.getAddress().getPort();
    }

    static void rule(String json) {
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body(json).post("/api/rules").then()
                .statusCode(201);
    }

    static void webhook() {
        byte[] body = "{\"go\": true}".getBytes(StandardCharsets.UTF_8);
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body)).body(body)
                .post("/hooks/partner").then().statusCode(202);
    }

    static Action action(String urlPart) {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll().stream()
                .filter(a -> a.params.contains(urlPart)).findFirst().orElseThrow());
    }

    static List<ActionAttempt> attempts(Action action) {
        return QuarkusTransaction.requiringNew().call(() -> ActionAttempt.<ActionAttempt> list("actionId", action.id));
    }

    @Test
    void absurdRetryAfterFromAReceiverIsClampedToTheMaximumBackoffAndRecorded() throws Exception {
        List<String> hosts = List.of("huge", "date", "negative", "epoch", "garbage");
        StringBuilder actions = new StringBuilder();
        for (String host : hosts) {
            dns.answer(host + ".retry.test", "127.0.0.1");
            actions.append(actions.isEmpty() ? "" : ", ").append("{\"type\": \"webhook.post\", \"url\": \"http://")
                    .append(host).append(".retry.test:").append(port()).append("/hook\", \"body\": {\"n\": 1}}");
        }
        rule("""
                {"name": "Tell everyone", "trigger": {"type": "webhook", "source": "partner"}, "actions": [%s]}"""
                .formatted(actions));
        webhook();

        // Unreadable advice (negative, garbage) and a past date (now) retry on the own backoff: three tries, then dead.
        for (String host : List.of("negative", "epoch", "garbage")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> action(host + ".retry.test").status == ActionStatus.DEAD);
            assertEquals(3, attempts(action(host + ".retry.test")).size(), host);
        }
        // A wait of 292 billion years, or three days, is cut to the maximum backoff.
        for (String host : List.of("huge", "date")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts(action(host + ".retry.test")).size() == 1);
            Action waiting = action(host + ".retry.test");
            ActionAttempt tried = attempts(waiting).get(0);
            assertEquals(ActionStatus.PENDING, waiting.status, host);
            assertEquals(host.equals("date") ? 503 : 429, tried.httpStatus);
            Instant finished = tried.startedAt.plusMillis(tried.durationMs);
            Duration wait = Duration.between(finished, waiting.nextAttemptAt);
            assertTrue(wait.minus(MAX_BACKOFF).abs().compareTo(Duration.ofSeconds(2)) < 0, host + " waits " + wait);
        }
        assertEquals(2, received.stream().filter(r -> r.host().startsWith("huge") || r.host().startsWith("date")).count(),
                "one try each so far");
    }

    @Test
    void aNameResolvingToAnInternalAddressIsRefusedThoughTheWildcardMatchesIt() throws Exception {
        dns.answer("internal.example.org", "127.0.0.1"); // where the receiver listens: a leak would show
        rule("""
                {"name": "Sneaky", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "webhook.post", "url": "http://internal.example.org:%d/steal"}]}""".formatted(port()));
        webhook();

        await().atMost(Duration.ofSeconds(15)).until(() -> action("internal.example.org").status == ActionStatus.FAILED);
        assertTrue(action("internal.example.org").lastError.contains("private or loopback"),
                action("internal.example.org").lastError);
        assertEquals(List.of(), received, "nothing reached the receiver");
    }

    @Test
    void theRequestGoesToTheCheckedAddressWhateverTheNameAnswersLater() throws Exception {
        // Rebinding: a second lookup would get 127.0.0.2, where nothing listens.
        dns.answer("pinned.example.com", "127.0.0.1");
        dns.answer("pinned.example.com", "127.0.0.2");
        rule("""
                {"name": "Pinned", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "webhook.post", "url": "http://pinned.example.com:%d/in?x=1", "body": {"a": 1}}]}"""
                .formatted(port()));
        webhook();

        await().atMost(Duration.ofSeconds(15)).until(() -> action("pinned.example.com").status == ActionStatus.SUCCEEDED);
        Action sent = action("pinned.example.com");
        assertEquals(List.of(new Received("pinned.example.com:" + port(), "/in?x=1", "action-" + sent.id, "{\"a\":1}")),
                received);
        assertEquals(1, dns.lookups("pinned.example.com"), "one lookup, used for the check and the connection");
    }
}
