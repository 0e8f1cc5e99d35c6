package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.switchboard.Fixtures;
import io.switchboard.event.Event;
import jakarta.inject.Inject;

/**
 * The webhook door against senders that try tricks: Standard Webhooks signatures with their
 * replay window, ids a sender cannot dodge, and bodies at and past the size limit.
 */
@QuarkusTest
class WebhookIntakeTest {

    static final String ORDERS_SECRET = "whsec_b3JkZXJzLXRlc3Qta2V5LWZvci1zd2l0Y2hib2FyZCE=";

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void clean() {
        fixtures.clean();
    }

    static long webhookEvents() {
        return QuarkusTransaction.requiringNew().call(() -> Event.count("type", "webhook"));
    }

    /** A Standard Webhooks delivery to the orders source, signed with {@code signatures} (its own if null). */
    static RequestSpecification standard(String id, long timestamp, String body, String signatures) {
        String signed = signatures != null ? signatures
                : StandardWebhook.sign(ORDERS_SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8));
        return given().header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", signed).contentType("application/json").body(body);
    }

    @Test
    void aStandardWebhooksDeliveryIsAcceptedAndItsPayloadStored() {
        long now = Instant.now().getEpochSecond();
        standard("msg_1", now, "{\"kind\":\"vip\"}", null).post("/hooks/orders").then().statusCode(202)
                .body("duplicate", equalTo(false));
        RestAssured.given().auth().oauth2("test-admin-key").get("/api/events?type=webhook").then()
                .body("items[0].payload.payload.kind", equalTo("vip")).body("items[0].payload.source", equalTo("orders"));
    }

    @Test
    void oneValidSignatureAmongSeveralIsAccepted() {
        long now = Instant.now().getEpochSecond();
        String body = "{\"kind\":\"vip\"}";
        String old = StandardWebhook.sign("whsec_" + Base64.getEncoder().encodeToString("retired".getBytes()),
                "msg_2", now, body.getBytes(StandardCharsets.UTF_8));
        String current = StandardWebhook.sign(ORDERS_SECRET, "msg_2", now, body.getBytes(StandardCharsets.UTF_8));
        standard("msg_2", now, body, old + " " + current).post("/hooks/orders").then().statusCode(202);
        standard("msg_3", now, body, old).post("/hooks/orders").then().statusCode(401);
    }

    @Test
    void aWrongSignatureOrATimestampOutsideFiveMinutesIs401AndStoresNothing() {
        long now = Instant.now().getEpochSecond();
        String body = "{\"kind\":\"vip\"}";
        standard("msg_4", now, body, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").post("/hooks/orders").then()
                .statusCode(401).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("webhook-signature"));
        for (long at : new long[] { now - 360, now + 360 }) {
            standard("msg_5", at, body, null).post("/hooks/orders").then().statusCode(401)
                    .body("detail", containsString("5 minutes"));
        }
        given().header("webhook-id", "msg_6").header("webhook-timestamp", "not-a-time")
                .header("webhook-signature", StandardWebhook.sign(ORDERS_SECRET, "msg_6", now, body.getBytes()))
                .body(body).post("/hooks/orders").then().statusCode(401).body("detail", containsString("seconds"));
        assertEquals(0L, webhookEvents());
    }

    @Test
    void aReplayedWebhookIdIsStoredOnceWhateverItsIdempotencyKey() {
        long now = Instant.now().getEpochSecond();
        String body = "{\"kind\":\"vip\"}";
        standard("msg_7", now, body, null).header("Idempotency-Key", "a").post("/hooks/orders").then().statusCode(202)
                .body("duplicate", equalTo(false));
        standard("msg_7", now, body, null).header("Idempotency-Key", "b").post("/hooks/orders").then().statusCode(202)
                .body("duplicate", equalTo(true));
        assertEquals(1L, webhookEvents());
    }

    @Test
    void theSignedPayloadIdWinsOverTheUnsignedIdempotencyKey() {
        byte[] body = "{\"order_id\": 42, \"status\": \"paid\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(ORDERS_SECRET, body);
        for (String key : List.of("first-try", "changed-by-a-replayer")) {
            given().header(WebhookSignature.HEADER, signature).header("Idempotency-Key", key).body(body)
                    .post("/hooks/orders").then().statusCode(202);
        }
        assertEquals(1L, webhookEvents(), "one order, one event");
    }

    @Test
    void a450KilobyteBodyIsStored() {
        byte[] body = ("{\"blob\": \"" + "a".repeat(450_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body)).body(body)
                .post("/hooks/partner").then().statusCode(202).body("duplicate", equalTo(false));
        String stored = QuarkusTransaction.requiringNew().call(() -> Event.<Event> find("type", "webhook")
                .firstResult().payload);
        assertTrue(stored.length() > 450_000, "stored whole: " + stored.length());
    }

    @Test
    void aBodyOverTheLimitGets413ProblemJsonBeforeItIsRead() throws Exception {
        String answer = headersOnly("POST /hooks/partner HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-Switchboard-Signature: sha256=00\r\nContent-Length: 600000\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"status\":413") && answer.contains("524288"), answer);
        assertEquals(0L, webhookEvents());
    }

    /** Sends a request's head only (a client would stream the body after it) and reads what comes back. */
    static String headersOnly(String head) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
