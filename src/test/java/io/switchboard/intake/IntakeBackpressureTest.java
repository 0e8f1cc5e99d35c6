package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.Fixtures;
import io.switchboard.event.Event;
import jakarta.inject.Inject;

/**
 * What the intake answers when it cannot store: 503 with Retry-After while its queue is full (send
 * again soon), 413 for an event that could never be stored (do not) — never a 503 that no retry
 * can cure. A small byte bound makes a full queue easy to reach; the HTTP limit is
 * raised past what the event store holds, so the store's own limit shows.
 */
@QuarkusTest
@TestProfile(IntakeBackpressureTest.SmallIntake.class)
class IntakeBackpressureTest {

    public static class SmallIntake implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.writer.threads", "1", "switchboard.intake.max-queued-bytes", "1200",
                    "quarkus.http.limits.max-body-size", "3M");
        }
    }

    @Inject
    Fixtures fixtures;

    @Inject
    EventBatcher batcher;

    @BeforeEach
    void clean() {
        fixtures.clean();
    }

    static HttpRequest delivery(String idempotencyKey, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/hooks/partner"))
                .header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", bytes))
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndTakesDeliveriesAgainOnceWritten() throws Exception {
        // Hold the writer: an uncommitted event with the key the first delivery will want, so its insert waits.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // (H2 gives up waiting after a second and the intake tries again a few times: the writer stays held ~5 s.)
        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> holdOpen(() -> {
            Event event = new Event();
            event.type = "webhook";
            event.source = "webhook:partner";
            event.subject = "webhook:partner";
            event.dedupeKey = "webhook:partner:held";
            event.payload = "{}";
            event.occurredAt = Instant.now();
            event.receivedAt = Instant.now();
            event.persistAndFlush();
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(held.await(10, TimeUnit.SECONDS));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        answers.add(http.sendAsync(delivery("held", "{\"n\": 0}"), HttpResponse.BodyHandlers.ofString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queuedBytes() > 0);
        HttpResponse<String> refused = null;
        for (int i = 1; i <= 40 && refused == null; i++) {
            var answer = http.sendAsync(delivery("d" + i, "{\"n\": " + i + "}"), HttpResponse.BodyHandlers.ofString());
            answers.add(answer);
            try {
                HttpResponse<String> quick = answer.get(200, TimeUnit.MILLISECONDS);
                if (quick.statusCode() == 503) {
                    refused = quick;
                }
            } catch (TimeoutException waitsForTheWriter) {
                // queued behind the held one
            }
        }

        release.countDown();
        blocker.get(30, TimeUnit.SECONDS);

        assertTrue(refused != null, "some delivery found the queue full");
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        long accepted = 0;
        for (var answer : answers) {
            int status = answer.get(30, TimeUnit.SECONDS).statusCode();
            assertTrue(status == 202 || status == 503, "status " + status);
            accepted += status == 202 ? 1 : 0;
        }
        assertTrue(accepted >= 2, "the queued deliveries were stored once the writer could go on");
        assertEquals(accepted, (long) QuarkusTransaction.requiringNew().call(() -> Event.count("type", "webhook")));
        HttpResponse<String> again = http.send(delivery("again", "{}"), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, again.statusCode());
    }

    /** Runs the work in a transaction that is rolled back, never committed. */
    static void holdOpen(Runnable work) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                work.run();
                QuarkusTransaction.setRollbackOnly();
            });
        } catch (QuarkusTransactionException rolledBack) {
            // as intended
        }
    }

    @Test
    void anEventTooLargeToStoreGets413AtOnceNotAnEndless503() {
        byte[] body = ("{\"blob\": \"" + "a".repeat(1_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body)).body(body)
                .post("/hooks/partner").then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("characters"));
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> Event.count("type", "webhook")));
    }
}
