package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import jakarta.inject.Inject;

/**
 * Started while SnapCall cannot be reached at all (nothing listens on its port), the service is
 * ready, takes webhooks and queues their actions: a SnapCall outage is when queueing matters,
 * so it must not take replicas out of the load balancer. SnapCall's state shows where an
 * operator looks for it: {@code /api/status} and the {@code snapcall} health group.
 */
@QuarkusTest
@TestProfile(SnapCallDownTest.DeadSnapCall.class)
class SnapCallDownTest {

    static final int DEAD_PORT = freePort();

    public static class DeadSnapCall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Pollers on, as in production: they fail and back off; actions back off long enough to stay pending here.
            return Map.of("snapcall.url", "http://127.0.0.1:" + DEAD_PORT + "/sandbox",
                    "switchboard.poll.enabled", "true", "switchboard.actions.backoff", "10s");
        }
    }

    @Inject
    Fixtures fixtures;

    /** Rules another test class left behind (one that failed to start does not clean up) must not decide here. */
    @BeforeEach
    void clean() {
        fixtures.clean();
    }

    /** A port nothing listens on: bound, then let go. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theServiceIsReadyAcceptsWebhooksAndQueuesTheirActionsWhileSnapCallIsDown() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "VIP visitor", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "agent.set_status", "agent": "alice@example.com", "status": "busy"}]}""")
                .post("/api/rules").then().statusCode(201);
        for (int i = 1; i <= 3; i++) {
            byte[] body = ("{\"visit\": " + i + "}").getBytes(StandardCharsets.UTF_8);
            given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body))
                    .header("Idempotency-Key", "visit-" + i).body(body).post("/hooks/partner").then().statusCode(202);
        }

        // The first send fails (nothing listens) and waits for its next try, the others wait behind it
        // (one request at a time per agent): all pending, none lost.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2("test-viewer-key")
                .get("/api/executions?status=fired").then().extract().jsonPath()
                .<String> getList("items.actions.flatten().last_error").stream().anyMatch(Objects::nonNull));
        List<String> statuses = given().auth().oauth2("test-viewer-key").get("/api/executions?status=fired").then()
                .extract().jsonPath().getList("items.actions.flatten().status");
        assertEquals(List.of("pending", "pending", "pending"), statuses);
        given().auth().oauth2("test-viewer-key").get("/api/status").then().statusCode(200)
                .body("backlog.pending_actions", equalTo(3))
                .body("snapcall.reachable", equalTo(false)).body("snapcall.error", notNullValue());
        given().get("/q/health/group/snapcall").then().statusCode(503)
                .body("checks.find { it.name == 'SnapCall' }.status", equalTo("DOWN"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.status", everyItem(equalTo("UP")));
    }
}
