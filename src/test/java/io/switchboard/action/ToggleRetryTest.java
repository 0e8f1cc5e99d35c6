package io.switchboard.action;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.state.KnownState;
import jakarta.inject.Inject;

/**
 * {@code "active": "toggle"} is decided once, at the first try, and kept: when SnapCall switched
 * the button but its answer never came, the retry must not toggle again from a state that
 * already shows the first try — that would switch the button back.
 */
@QuarkusTest
class ToggleRetryTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final String SUPPORT_PUT = "^/v2/buttons/" + SUPPORT + "$";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    Fixtures fixtures;

    @Inject
    KnownState state;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    @Test
    void aToggleWhoseAnswerWasLostIsRetriedWithTheValueItWasDecidedToNotToggledBack() {
        sandbox().contentType(ContentType.JSON).body(Map.of("active", true)).put("/sandbox/v2/buttons/" + SUPPORT)
                .then().statusCode(200);
        knownActive(true);
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "Flip support", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": "toggle"}]}""")
                .post("/api/rules").then().statusCode(201);
        sandbox().delete("/sandbox/_control/requests");
        // The first PUT's answer never comes: the sandbox holds it 3 s, the client gives up after 2 s.
        SandboxControl.fault(Map.of("latency_ms", 3000, "method", "PUT", "path", SUPPORT_PUT, "count", 1));

        String body = "{}";
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret",
                body.getBytes(StandardCharsets.UTF_8))).body(body).post("/hooks/partner").then().statusCode(202);
        await().atMost(PATIENCE).until(() -> SandboxControl.count("PUT", SUPPORT_PUT) >= 1);
        // What SnapCall did with that request, though its answer never comes: the button is off (the
        // sandbox's own delayed request is cut by the client's timeout, so the test switches it), and a
        // poll saw it before the retry.
        sandbox().contentType(ContentType.JSON).body(Map.of("active", false)).put("/sandbox/v2/buttons/" + SUPPORT)
                .then().statusCode(200);
        knownActive(false);
        await().atMost(PATIENCE).until(() -> action().status != ActionStatus.PENDING);

        List<Boolean> sent = SandboxControl.requests("PUT", SUPPORT_PUT).stream().filter(r -> r.get("body") != null)
                .map(r -> parse((String) r.get("body")).path("active").asBoolean()).toList();
        assertFalse(sent.contains(true), "no try asked SnapCall to switch the button back on: " + sent);
        Action action = action();
        assertEquals(List.of(AttemptOutcome.RETRY, AttemptOutcome.NO_CHANGE), QuarkusTransaction.requiringNew().call(
                () -> ActionAttempt.<ActionAttempt> list("actionId", Sort.by("number"), action.id).stream()
                        .map(a -> a.outcome).toList()),
                "the first try's answer never came; the retry found the button as the first try left it");
        assertEquals("false", parse(action.params).path(ActionPlanner.RESOLVED_ACTIVE).toString(),
                "the decision is stored with the action: " + action.params);
        assertFalse(sandbox().get("/sandbox/v2/buttons/" + SUPPORT).then().extract().<Boolean> path("active"),
                "the button stays off");
    }

    private void knownActive(boolean active) {
        QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.BUTTON, SUPPORT,
                json.createObjectNode().put("bid", SUPPORT).put("active", active), Instant.now()));
    }

    private static Action action() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll().get(0));
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
