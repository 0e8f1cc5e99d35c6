package io.switchboard.action;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.intake.WebhookSignature;
import jakarta.inject.Inject;

/**
 * {@code PUT /v2/buttons/batch} against a SnapCall that refuses it, or answers it in a shape we
 * did not expect. One request in flight at a time, so webhooks arriving while one request is
 * slow pile up and go out together — as they do under load.
 */
@QuarkusTest
@TestProfile(BatchFallbackTest.OneRequestAtATime.class)
class BatchFallbackTest {

    public static class OneRequestAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // SnapCall's answer may take the 3 s a test makes it wait (the test profile's 2 s would cut it)
            return Map.of("switchboard.actions.max-in-flight", "1", "snapcall.timeout", "10s");
        }
    }

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final String SALES = "1a2b3c4d5e6f708192a3";
    static final String VIP = "5c0ffee5c0ffee5c0ffe";
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String SINGLE = "^/v2/buttons/[0-9a-f]{20}$";
    static final String BATCH = "^/v2/buttons/batch$";

    @Inject
    Fixtures fixtures;

    @Inject
    ActionSender sender;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    @Test
    void refusedBatchFallsBackToOneRequestPerButtonAndIsNotTriedAgain() {
        List<String> bids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bids.add(sandbox().body(Map.of("name", "Line " + i)).post("/sandbox/v2/buttons").then().statusCode(201)
                    .extract().path("bid"));
        }
        rule("""
                {"name": "Lines follow the CRM", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "{{ event.payload.bid }}", "active": "{{ event.payload.active }}"}]}""");
        SandboxControl.fault(Map.of("status", 400, "method", "PUT", "path", BATCH, "body",
                "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"\\\"buttons[0].active\\\" is not allowed\"}"));
        sandbox().delete("/sandbox/_control/requests");

        slowNextSinglePut();
        bids.forEach(bid -> webhook("{\"bid\": \"" + bid + "\", \"active\": false}"));
        await().atMost(PATIENCE).until(() -> statuses().equals(repeat("succeeded", 20)));
        assertEquals(1, SandboxControl.count("PUT", BATCH), "the batch was tried once");
        JsonNode items = body(SandboxControl.requests("PUT", BATCH).get(0)).get("buttons");
        items.forEach(item -> assertEquals(Set.of("bid", "active"), fieldNames(item), item.toString()));
        assertEquals(20, SandboxControl.count("PUT", SINGLE), "then each button alone");
        bids.forEach(bid -> assertFalse(sandbox().get("/sandbox/v2/buttons/" + bid).then().extract().<Boolean> path("active")));
        assertFalse(sender.batching());

        // The refusal is remembered: buttons piling up again go one by one straight away.
        slowNextSinglePut();
        bids.subList(0, 5).forEach(bid -> webhook("{\"bid\": \"" + bid + "\", \"active\": true}"));
        await().atMost(PATIENCE).until(() -> statuses().equals(repeat("succeeded", 25)));
        assertEquals(1, SandboxControl.count("PUT", BATCH), "no second batch");
        assertEquals(25, SandboxControl.count("PUT", SINGLE));
    }

    @Test
    void batchAnswerWithoutDataCountsAsDoneForEveryButton() {
        SandboxControl.fault(Map.of("status", 200, "method", "PUT", "path", BATCH, "count", 1, "body", "{\"updated\": 3}"));
        closeThreeButtons();
        await().atMost(PATIENCE).until(() -> statuses().equals(repeat("succeeded", 3)));
        assertEquals(1, SandboxControl.count("PUT", BATCH));
        assertEquals(0, SandboxControl.count("PUT", SINGLE), "a 2xx without details is SnapCall's word for all three");
        assertTrue(sender.batching());
    }

    @Test
    void batchAnswerWithAnEmptyBodyCountsAsDoneForEveryButton() {
        SandboxControl.fault(Map.of("status", 200, "method", "PUT", "path", BATCH, "count", 1, "body", ""));
        closeThreeButtons();
        await().atMost(PATIENCE).until(() -> statuses().equals(repeat("succeeded", 3)));
        assertEquals(1, SandboxControl.count("PUT", BATCH));
        assertEquals(0, SandboxControl.count("PUT", SINGLE));
    }

    @Test
    void batchAnswerConfirmingSomeButtonsSendsTheOthersOneByOne() {
        SandboxControl.fault(Map.of("status", 200, "method", "PUT", "path", BATCH, "count", 1, "body",
                "{\"data\": [{\"bid\": \"" + SUPPORT + "\", \"active\": false}, {\"bid\": \"" + SALES + "\", \"active\": true}]}"));
        closeThreeButtons();
        await().atMost(PATIENCE).until(() -> statuses().equals(repeat("succeeded", 3)));
        assertEquals(1, SandboxControl.count("PUT", BATCH));
        assertEquals(List.of("/v2/buttons/" + SALES, "/v2/buttons/" + VIP), SandboxControl.requests("PUT", SINGLE)
                .stream().map(r -> (String) r.get("path")).sorted().toList(),
                "Sales was said to be on, VIP was not named: both sent again alone");
        assertFalse(sandbox().get("/sandbox/v2/buttons/" + VIP).then().extract().<Boolean> path("active"));
    }

    @Test
    void serverErrorOnTheBatchIsRetriedNotTakenForARefusal() {
        SandboxControl.fault(Map.of("status", 503, "method", "PUT", "path", BATCH, "count", 1));
        closeThreeButtons();
        await().atMost(PATIENCE).until(() -> statuses().equals(repeat("succeeded", 3)));
        assertTrue(sender.batching(), "a 503 says nothing about the batch endpoint");
        assertEquals(503, (int) SandboxControl.requests("PUT", BATCH).get(0).get("status"));
        for (String bid : List.of(SUPPORT, SALES, VIP)) {
            assertFalse(sandbox().get("/sandbox/v2/buttons/" + bid).then().extract().<Boolean> path("active"));
        }
    }

    /** One webhook whose rule switches three buttons off: the three go out together. */
    private void closeThreeButtons() {
        rule("""
                {"name": "Close shop", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false},
                             {"type": "button.set_active", "button": "1a2b3c4d5e6f708192a3", "active": false},
                             {"type": "button.set_active", "button": "5c0ffee5c0ffee5c0ffe", "active": false}]}""");
        webhook("{}");
    }

    /** The next single-button PUT takes 3 s: meanwhile the next actions wait for the one request slot. */
    private static void slowNextSinglePut() {
        SandboxControl.fault(Map.of("latency_ms", 3000, "method", "PUT", "path", SINGLE, "count", 1));
    }

    private static void rule(String body) {
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body(body).post("/api/rules")
                .then().statusCode(201);
    }

    private static void webhook(String body) {
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/hooks/partner").then().statusCode(202);
    }

    private static List<String> statuses() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll().stream()
                .sorted(Comparator.comparing(a -> a.id)).map(a -> a.status.wire()).toList());
    }

    private static List<String> repeat(String status, int times) {
        return Collections.nCopies(times, status);
    }

    private JsonNode body(Map<String, Object> request) {
        try {
            return json.readTree((String) request.get("body"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode item) {
        Set<String> names = new TreeSet<>();
        item.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
