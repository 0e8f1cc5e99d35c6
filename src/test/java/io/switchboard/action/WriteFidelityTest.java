package io.switchboard.action;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.Fixtures;
import io.switchboard.LogCapture;
import io.switchboard.SandboxControl;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.state.KnownState;
import jakarta.inject.Inject;

/**
 * What a rule says to send reaches SnapCall as written — checked on the body the sandbox
 * received — and what SnapCall says back when it refuses is kept word for word.
 */
@QuarkusTest
class WriteFidelityTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectMapper json;

    @Inject
    KnownState state;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    @Test
    void scheduleTemplateUpdateSendsTheScheduleAsTheRuleWroteIt() {
        rule("""
                {"name": "Opening hours from the CRM", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "schedule_template.update", "template": 1, "name": "Weekdays",
                              "schedule": [{"day": 1, "open": "08:00", "close": "12:00", "note": "x"},
                                           {"day": "{{ event.payload.day }}", "open": "13:00", "close": "{{ event.payload.close }}"},
                                           {"day": "saturday", "open": "10:00", "close": "12:00", "staff": {"min": 2}}]}]}""");
        webhook("{\"day\": 2, \"close\": \"18:30\"}");

        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("succeeded")));
        assertEquals(parse("""
                {"name": "Weekdays",
                 "schedule": [{"day": 1, "open": "08:00", "close": "12:00", "note": "x"},
                              {"day": 2, "open": "13:00", "close": "18:30"},
                              {"day": "saturday", "open": "10:00", "close": "12:00", "staff": {"min": 2}}]}"""),
                lastBody("PUT", "^/v2/schedule-templates/1$"), "numbers stay numbers, unknown keys stay");
        sandbox().get("/sandbox/v2/schedule-templates/1").then().statusCode(200)
                .body("schedule[0].day", equalTo(1)).body("schedule[0].note", equalTo("x"));
    }

    @Test
    void buttonUpdateCopiedFromAWebhookLeavesOutWhatSnapCallOwns() {
        rule("""
                {"name": "Button as the CRM has it", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.update", "button": "{{ event.payload.button.bid }}",
                              "fields": "{{ event.payload.button }}"}]}""");
        webhook("""
                {"button": {"bid": "0846f80abb1c11e7b62e", "agent": "alice@example.com", "created_at": "2026-01-05T09:00:00Z",
                            "updated_at": "2026-11-01T10:00:00Z", "name": "Support (VIP)", "call_id": 42,
                            "config": {"color": "#000000", "size": 2.50}}}""");

        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("succeeded")));
        assertEquals(parse("{\"name\": \"Support (VIP)\", \"call_id\": 42, \"config\": {\"color\": \"#000000\", \"size\": 2.50}}"),
                lastBody("PUT", "^/v2/buttons/" + SUPPORT + "$"));
        sandbox().get("/sandbox/v2/buttons/" + SUPPORT).then().body("call_id", equalTo(42))
                .body("agent", equalTo("alice@example.com"));
    }

    @Test
    void aButtonTooLargeToRememberWholeIsUpdatedOnceAndItsActionRecorded() {
        rule("""
                {"name": "Button as the CRM has it", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.update", "button": "{{ event.payload.bid }}",
                              "fields": {"config": "{{ event.payload.config }}"}}]}""");
        // SnapCall's answer with this config does not fit a known-state row: its settle failed at every try,
        // and the button's lane stayed busy (its next actions blocked) until a restart sent it again.
        webhook("{\"bid\": \"" + SUPPORT + "\", \"config\": {\"note\": \"" + "x".repeat(250_000) + "\"}}");

        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("succeeded")));
        assertEquals(1, SandboxControl.count("PUT", "^/v2/buttons/" + SUPPORT + "$"));
        JsonNode known = state.item(KnownState.BUTTON, SUPPORT).orElseThrow().data();
        assertTrue(known.path("active").isBoolean(), "its small fields stay known: " + known.path("active"));
        assertTrue(known.path("config").asText().startsWith("(omitted: "), "what does not fit is noted: " + known.path("config"));
    }

    @Test
    void snapCallsRefusalIsRecordedWithItsOwnMessage() {
        SandboxControl.fault(Map.of("status", 400, "method", "PUT", "path", "^/v2/buttons/", "body",
                "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"\\\"active\\\" must be a boolean\"}"));
        rule("""
                {"name": "Close support", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""");
        List<String> logged;
        try (LogCapture log = LogCapture.of(Outbox.class, Level.ALL)) {
            webhook("{}");
            await().atMost(PATIENCE).until(() -> statuses().equals(List.of("failed")));
            logged = log.messages();
        }
        String said = "SnapCall answered 400: \"active\" must be a boolean";
        admin().get("/api/executions?status=fired").then().statusCode(200)
                .body("items[0].actions[0].last_error", equalTo(said))
                .body("items[0].actions[0].attempt_log[0].error", equalTo(said))
                .body("items[0].actions[0].attempt_log[0].http_status", equalTo(400));
        assertTrue(logged.stream().anyMatch(line -> line.endsWith(said)), "logged: " + logged);
    }

    static RequestSpecification admin() {
        return given().auth().oauth2("test-admin-key").contentType(ContentType.JSON);
    }

    static void rule(String body) {
        admin().body(body).post("/api/rules").then().statusCode(201);
    }

    static void webhook(String body) {
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/hooks/partner").then().statusCode(202);
    }

    static List<String> statuses() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll().stream()
                .sorted(Comparator.comparing(a -> a.id)).map(a -> a.status.wire()).toList());
    }

    JsonNode lastBody(String method, String path) {
        List<Map<String, Object>> sent = SandboxControl.requests(method, path);
        assertEquals(1, sent.size(), "one request: " + sent);
        return parse((String) sent.get(0).get("body"));
    }

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
