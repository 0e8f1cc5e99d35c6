package io.switchboard.rule;

import static io.switchboard.rule.RuleApiTest.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.SandboxControl;
import io.switchboard.Fixtures;
import jakarta.inject.Inject;

/** Dry runs show the trace and exactly the requests that would go out — and send nothing. */
@QuarkusTest
class DryRunTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void nothingKnown() {
        fixtures.clean();
        SandboxControl.reset();
    }

    static String unsaved(String rule, String event, String extra) {
        return "{\"rule\": " + rule + ", \"event\": " + event + (extra == null ? "" : ", " + extra) + "}";
    }

    @Test
    void agentGoingOfflineWouldDeactivateTheirButton() {
        long id = RuleApiTest.create(RuleApiTest.ALICE_OFFLINE.replace("\"for\": \"PT2M\", ", ""));
        admin().body("{\"event\": {\"agent\": \"alice@example.com\", \"status\": \"offline\", \"previous\": \"online\"}}")
                .post("/api/rules/" + id + "/test").then().statusCode(200)
                .body("candidate", equalTo(true)).body("outcome", equalTo("fired"))
                .body("condition.value", equalTo(true))
                .body("actions", hasSize(1))
                .body("actions[0].method", equalTo("PUT"))
                .body("actions[0].target", equalTo("/v2/buttons/" + SUPPORT))
                .body("actions[0].body.active", equalTo(false))
                .body("actions[0].expected", equalTo("send"));
        org.junit.jupiter.api.Assertions.assertEquals(0, SandboxControl.count(null, "."), "a dry run sends nothing");
    }

    @Test
    void knownStateAlreadyMatchingMeansNoChange() {
        long id = RuleApiTest.create(RuleApiTest.ALICE_OFFLINE);
        admin().body("""
                {"event": {"agent": "alice@example.com", "status": "offline"},
                 "state": {"buttons": {"0846f80abb1c11e7b62e": {"bid": "0846f80abb1c11e7b62e", "active": false}}}}""")
                .post("/api/rules/" + id + "/test").then().statusCode(200)
                .body("outcome", equalTo("waiting")).body("for", equalTo("PT2M"))
                .body("actions[0].expected", equalTo("no_change"));
    }

    @Test
    void otherAgentsLeaveTheConditionFalse() {
        long id = RuleApiTest.create(RuleApiTest.ALICE_OFFLINE);
        admin().body("{\"event\": {\"agent\": \"bob@example.com\", \"status\": \"offline\"}}")
                .post("/api/rules/" + id + "/test").then().statusCode(200)
                .body("outcome", equalTo("condition_false")).body("condition.value", equalTo(false))
                .body("actions", hasSize(0));
    }

    @Test
    void eventOfAnotherTypeIsNotACandidate() {
        long id = RuleApiTest.create(RuleApiTest.ALICE_OFFLINE);
        admin().body("{\"event\": {\"type\": \"call.created\", \"agent\": \"alice@example.com\"}}")
                .post("/api/rules/" + id + "/test").then().statusCode(200)
                .body("candidate", equalTo(false)).body("outcome", equalTo("not_candidate"))
                .body("reason", containsString("agent.status_changed"));
    }

    @Test
    void threeMissedCallsInFifteenMinutesIsALevelCondition() {
        String rule = """
                {"name": "Missed calls alarm", "trigger": {"type": "call.updated"},
                 "condition": "calls.filter(c, c.status == 'missed' && now - c.created_at < duration('15m')).size() >= 3",
                 "actions": [{"type": "button.set_active", "button": "{{ event.button }}", "active": false}]}""";
        String calls = """
                "state": {"calls": [
                  {"id": 1, "status": "missed", "created_at": "2026-11-25T09:50:00Z"},
                  {"id": 2, "status": "missed", "created_at": "2026-11-25T09:55:00Z"},
                  {"id": 3, "status": "completed", "created_at": "2026-11-25T09:56:00Z"},
                  {"id": 4, "status": "missed", "created_at": "2026-11-25T09:58:00Z"}]}""";
        String event = "{\"status\": \"missed\", \"button\": \"" + SUPPORT + "\"}";
        admin().body(unsaved(rule, event, calls + ", \"now\": \"2026-11-25T10:00:00Z\"")).post("/api/rules/test")
                .then().statusCode(200).body("outcome", equalTo("fired"))
                .body("actions[0].target", equalTo("/v2/buttons/" + SUPPORT));
        admin().body(unsaved(rule, event, calls + ", \"now\": \"2026-11-25T10:06:00Z\"")).post("/api/rules/test")
                .then().statusCode(200).body("outcome", equalTo("condition_false"));
    }

    @Test
    void conditionsSeeKnownAgentsAndButtons() {
        String rule = """
                {"name": "Hand over to Bob", "trigger": {"type": "agent.status_changed"},
                 "condition": "event.status == 'offline' && agents['bob@example.com'].status == 'online' && buttons[event.button].active",
                 "actions": [{"type": "button.update", "button": "{{ event.button }}",
                              "fields": {"name": "{{ buttons[event.button].name }} (Bob)", "cart_value": "{{ 2 * 50 }}"}}]}""";
        String state = """
                "state": {"agents": {"bob@example.com": {"status": "online"}},
                          "buttons": {"0846f80abb1c11e7b62e": {"name": "Support", "active": true}}}""";
        admin().body(unsaved(rule, "{\"status\": \"offline\", \"button\": \"" + SUPPORT + "\"}", state))
                .post("/api/rules/test").then().statusCode(200)
                .body("outcome", equalTo("fired"))
                .body("actions[0].body.name", equalTo("Support (Bob)"))
                .body("actions[0].body.cart_value", equalTo(100));
        String bobAway = state.replace("\"status\": \"online\"", "\"status\": \"away\"");
        admin().body(unsaved(rule, "{\"status\": \"offline\", \"button\": \"" + SUPPORT + "\"}", bobAway))
                .post("/api/rules/test").then().body("outcome", equalTo("condition_false"));
    }

    @Test
    void toggleIsResolvedFromTheKnownState() {
        String rule = """
                {"name": "Flip", "trigger": {"type": "button.updated"},
                 "actions": [{"type": "button.set_active", "button": "{{ event.button }}", "active": "toggle"}]}""";
        admin().body(unsaved(rule, "{\"button\": \"" + SUPPORT + "\"}",
                "\"state\": {\"buttons\": {\"" + SUPPORT + "\": {\"active\": true}}}"))
                .post("/api/rules/test").then().body("actions[0].body.active", equalTo(false));
        admin().body(unsaved(rule, "{\"button\": \"" + SUPPORT + "\"}", "\"state\": {}"))
                .post("/api/rules/test").then().body("actions[0].body", nullValue())
                .body("actions[0].note", containsString("read from SnapCall"));
    }

    @Test
    void webhookPostShowsTheResolvedBody() {
        String rule = """
                {"name": "Tell the CRM", "trigger": {"type": "call.created"},
                 "actions": [{"type": "webhook.post", "url": "https://hooks.example.com/calls",
                              "body": {"call": "{{ event.call.id }}", "text": "Call from {{ event.call.client }}"}}]}""";
        admin().body(unsaved(rule, "{\"call\": {\"id\": 1042, \"client\": \"visitor-7\"}}", null))
                .post("/api/rules/test").then().statusCode(200)
                .body("actions[0].method", equalTo("POST"))
                .body("actions[0].target", equalTo("https://hooks.example.com/calls"))
                .body("actions[0].body.call", equalTo(1042))
                .body("actions[0].body.text", equalTo("Call from visitor-7"));
    }

    @Test
    void evaluationErrorIsReportedNotThrown() {
        String rule = """
                {"name": "Fragile", "trigger": {"type": "call.created"}, "condition": "event.missing == 1",
                 "actions": [{"type": "agent.set_status", "agent": "alice@example.com", "status": "busy"}]}""";
        admin().body(unsaved(rule, "{}", null)).post("/api/rules/test").then().statusCode(200)
                .body("outcome", equalTo("evaluation_error")).body("condition.error", containsString("missing"));
    }

    @Test
    void templateThatResolvesToNothingUsableIsAnActionError() {
        String rule = """
                {"name": "Bad target", "trigger": {"type": "call.created"},
                 "actions": [{"type": "agent.set_status", "agent": "{{ event.nobody }}", "status": "busy"}]}""";
        admin().body(unsaved(rule, "{}", null)).post("/api/rules/test").then().statusCode(200)
                .body("outcome", equalTo("fired")).body("actions[0].error", containsString("nobody"));
    }

    @Test
    void dryRunNeedsAnEvent() {
        admin().body(unsaved(RuleApiTest.ALICE_OFFLINE, "3", null)).post("/api/rules/test").then().statusCode(400)
                .body("errors[0].field", equalTo("event"));
        admin().body("{\"event\": {}}").post("/api/rules/test").then().statusCode(400)
                .body("errors[0].field", equalTo("rule"));
    }
}
