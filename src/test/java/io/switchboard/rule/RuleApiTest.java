package io.switchboard.rule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.transaction.Transactional;

/** The rules API as a user drives it: CRUD, every class of invalid rule, roles, optimistic locking. */
@QuarkusTest
class RuleApiTest {

    static final String ADMIN = "test-admin-key";
    static final String VIEWER = "test-viewer-key";

    static final String ALICE_OFFLINE = """
            {"name": "Pause support when Alice goes offline",
             "trigger": {"type": "agent.status_changed"},
             "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
             "for": "PT2M", "cooldown": "PT5M",
             "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""";

    static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON);
    }

    static RequestSpecification viewer() {
        return given().auth().oauth2(VIEWER).contentType(ContentType.JSON);
    }

    @BeforeEach
    @Transactional
    void noRules() {
        Rule.deleteAll();
    }

    static long count() {
        return admin().get("/api/rules").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    static long create(String body) {
        return admin().body(body).post("/api/rules").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Nested
    class Crud {

        @Test
        void createdRuleCanBeReadBackInCanonicalForm() {
            var response = admin().body(ALICE_OFFLINE).post("/api/rules").then().statusCode(201)
                    .header("Location", containsString("/api/rules/"))
                    .body("enabled", equalTo(true)).body("version", equalTo(0)).body("for", equalTo("PT2M"))
                    .body("actions[0].type", equalTo("button.set_active")).extract();
            long id = response.jsonPath().getLong("id");
            admin().get("/api/rules/" + id).then().statusCode(200)
                    .body("name", equalTo("Pause support when Alice goes offline"))
                    .body("trigger.type", equalTo("agent.status_changed"))
                    .body("cooldown", equalTo("PT5M")).body("created_at", notNullValue());
        }

        @Test
        void updateWithTheCurrentVersionReplacesTheRule() {
            long id = create(ALICE_OFFLINE);
            String changed = ALICE_OFFLINE.replace("PT2M", "PT3M").replace("{\"name\"", "{\"version\": 0, \"name\"");
            admin().body(changed).put("/api/rules/" + id).then().statusCode(200)
                    .body("for", equalTo("PT3M")).body("version", equalTo(1));
        }

        @Test
        void staleVersionIsAConflictAndChangesNothing() {
            long id = create(ALICE_OFFLINE);
            String first = ALICE_OFFLINE.replace("PT2M", "PT3M").replace("{\"name\"", "{\"version\": 0, \"name\"");
            admin().body(first).put("/api/rules/" + id).then().statusCode(200);
            String second = ALICE_OFFLINE.replace("PT2M", "PT9M").replace("{\"name\"", "{\"version\": 0, \"name\"");
            admin().body(second).put("/api/rules/" + id).then().statusCode(409)
                    .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("version"));
            admin().get("/api/rules/" + id).then().body("for", equalTo("PT3M"));
        }

        @Test
        void updateWithoutVersionIsRefused() {
            long id = create(ALICE_OFFLINE);
            admin().body(ALICE_OFFLINE).put("/api/rules/" + id).then().statusCode(400)
                    .body("errors[0].field", equalTo("version"));
        }

        @Test
        void deletedRuleIsGone() {
            long id = create(ALICE_OFFLINE);
            admin().delete("/api/rules/" + id).then().statusCode(204);
            admin().get("/api/rules/" + id).then().statusCode(404).contentType(startsWith("application/problem+json"));
        }

        @Test
        void enableAndDisableSwitchTheRule() {
            long id = create(ALICE_OFFLINE);
            admin().post("/api/rules/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
            admin().get("/api/rules?enabled=false").then().body("items.id", contains((int) id));
            admin().post("/api/rules/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        }

        @Test
        void listPagesAndFilters() {
            for (int i = 0; i < 5; i++) {
                create(ALICE_OFFLINE.replace("Pause support", "Pause support " + i));
            }
            create("""
                    {"name": "Nightly close", "trigger": {"type": "schedule", "cron": "0 20 * * *", "timezone": "Europe/Paris"},
                     "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""");
            admin().get("/api/rules?page=1&size=2").then().statusCode(200)
                    .body("items", hasSize(2)).body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(6));
            admin().get("/api/rules?trigger=schedule").then().body("items.name", contains("Nightly close"));
            admin().get("/api/rules?name=SUPPORT 3").then().body("total", equalTo(1));
            admin().get("/api/rules?size=501").then().statusCode(400).contentType(startsWith("application/problem+json"));
        }

        @Test
        void duplicateNameIsAConflict() {
            create(ALICE_OFFLINE);
            admin().body(ALICE_OFFLINE).post("/api/rules").then().statusCode(409).body("errors[0].field", equalTo("name"));
            org.junit.jupiter.api.Assertions.assertEquals(1, count());
        }
    }

    @Nested
    class Validation {

        void refused(String body, String field, String reasonPart) {
            admin().body(body).post("/api/rules").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors.field", hasItem(field))
                    .body("errors.find { it.field == '" + field + "' }.reason", containsString(reasonPart));
            org.junit.jupiter.api.Assertions.assertEquals(0, count(), "nothing stored");
        }

        @Test
        void invalidConditionIsRejectedWithLineAndColumn() {
            refused(ALICE_OFFLINE.replace("event.agent == 'alice@example.com' && event.status == 'offline'",
                    "event.agent == 'alice@example.com' &&\\n event.status ==="), "condition", "line 2, column");
        }

        @Test
        void conditionThatIsNotABoolIsRejected() {
            refused(ALICE_OFFLINE.replace("event.agent == 'alice@example.com' && event.status == 'offline'",
                    "'offline'"), "condition", "expected type 'bool'");
            refused(ALICE_OFFLINE.replace("event.agent == 'alice@example.com' && event.status == 'offline'",
                    "size(calls) + 1"), "condition", "expected type 'bool'");
        }

        @Test
        void unknownTriggerTypeIsRejected() {
            refused(ALICE_OFFLINE.replace("agent.status_changed", "agent.sneezed"), "trigger.type", "unknown trigger type");
        }

        @Test
        void unknownActionTypeIsRejected() {
            refused(ALICE_OFFLINE.replace("button.set_active", "button.explode"), "actions[0].type", "unknown action type");
        }

        @Test
        void missingActionParameterIsRejected() {
            refused(ALICE_OFFLINE.replace("\"button\": \"0846f80abb1c11e7b62e\", ", ""), "actions[0].button", "is required");
            refused(ALICE_OFFLINE.replace("\"active\": false", "\"active\": \"sometimes\""), "actions[0].active",
                    "true, false or \"toggle\"");
            refused(ALICE_OFFLINE.replace("\"active\": false", "\"active\": false, \"colour\": 1"), "actions[0].colour",
                    "is not a parameter");
        }

        @Test
        void badDurationsAreRejected() {
            refused(ALICE_OFFLINE.replace("PT2M", "2 minutes"), "for", "ISO-8601");
            refused(ALICE_OFFLINE.replace("PT5M", "-PT5M"), "cooldown", "positive");
        }

        @Test
        void badCronAndTimeZoneAreRejected() {
            String schedule = """
                    {"name": "Nightly", "trigger": {"type": "schedule", "cron": "%s", "timezone": "%s"},
                     "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""";
            refused(schedule.formatted("61 25 * * *", "UTC"), "trigger.cron", "invalid cron");
            refused(schedule.formatted("0 20 * * *", "Mars/Olympus"), "trigger.timezone", "unknown time zone");
        }

        @Test
        void webhookPostOutsideTheAllowListIsRejected() {
            String post = """
                    {"name": "Tell the CRM", "trigger": {"type": "call.created"},
                     "actions": [{"type": "webhook.post", "url": "%s", "body": {"call": "{{ event.call.id }}"}}]}""";
            refused(post.formatted("https://evil.example.net/hook"), "actions[0].url", "not in switchboard.webhook-post.allowed-hosts");
            refused(post.formatted("ftp://hooks.example.com/x"), "actions[0].url", "http or https");
            refused(post.formatted("https://hooks.example.com/{{ event.agent }}"), "actions[0].url", "literal URL");
            admin().body(post.formatted("https://crm.example.org/hook")).post("/api/rules").then().statusCode(201);
        }

        @Test
        void webhookTriggerNeedsAConfiguredSource() {
            refused("""
                    {"name": "Hooked", "trigger": {"type": "webhook", "source": "nobody"},
                     "actions": [{"type": "agent.set_status", "agent": "alice@example.com", "status": "online"}]}""",
                    "trigger.source", "no secret is configured");
        }

        @Test
        void badTemplateIsRejectedWithItsPosition() {
            refused(ALICE_OFFLINE.replace("\"0846f80abb1c11e7b62e\"", "\"{{ event.button + }}\""),
                    "actions[0].button", "line 1, column");
        }

        @Test
        void everyFaultIsReportedAtOnce() {
            admin().body("""
                    {"name": "", "trigger": {"type": "nope"}, "for": "soon", "actions": [], "colour": "red"}""")
                    .post("/api/rules").then().statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.hasItems("name", "trigger.type", "for", "actions", "colour"));
        }

        @Test
        void malformedJsonIsA400Problem() {
            admin().body("{\"name\": ").post("/api/rules").then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("title", equalTo("Malformed JSON"));
            admin().body("[1, 2]").post("/api/rules").then().statusCode(400).body("errors[0].field", equalTo("$"));
        }

        @Test
        void oversizedBodyIsA413() {
            String huge = ALICE_OFFLINE.replace("\"for\"", "\"description\": \"" + "x".repeat(600_000) + "\", \"for\"");
            org.junit.jupiter.api.Assertions.assertEquals(413, io.switchboard.SandboxControl.statusOfOversized(
                    () -> admin().body(huge).post("/api/rules").statusCode()));
            org.junit.jupiter.api.Assertions.assertEquals(0, count());
        }

        @Test
        void validateAnswersTheCanonicalRuleWithoutStoringIt() {
            admin().body(ALICE_OFFLINE).post("/api/rules/validate").then().statusCode(200)
                    .body("enabled", equalTo(true)).body("for", equalTo("PT2M"));
            org.junit.jupiter.api.Assertions.assertEquals(0, count());
        }
    }

    @Nested
    class Auth {

        @Test
        void noKeyOrUnknownKeyIs401() {
            given().get("/api/rules").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                    .contentType(startsWith("application/problem+json"));
            given().auth().oauth2("guess").get("/api/rules").then().statusCode(401);
        }

        @Test
        void viewerReadsAndDryRunsButCannotWrite() {
            long id = create(ALICE_OFFLINE);
            viewer().get("/api/rules/" + id).then().statusCode(200);
            viewer().body(ALICE_OFFLINE).post("/api/rules/validate").then().statusCode(200);
            viewer().body("{\"event\": {\"agent\": \"alice@example.com\", \"status\": \"offline\"}}")
                    .post("/api/rules/" + id + "/test").then().statusCode(200);
            viewer().body(ALICE_OFFLINE.replace("Pause", "Stop")).post("/api/rules").then().statusCode(403);
            viewer().post("/api/rules/" + id + "/disable").then().statusCode(403);
            viewer().delete("/api/rules/" + id).then().statusCode(403);
            admin().get("/api/rules/" + id).then().body("enabled", equalTo(true));
        }

        @Test
        void healthNeedsNoKeyAndOpenApiListsEveryEndpoint() {
            given().get("/q/health/live").then().statusCode(200);
            viewer().get("/q/openapi?format=json").then().statusCode(200)
                    .body("paths.'/api/rules'", notNullValue())
                    .body("paths.'/api/rules/{id}/test'.post", notNullValue())
                    .body("components.schemas.Rule.examples", notNullValue());
        }
    }

    @Test
    void deletingAnUnknownRuleIs404NotA500() {
        admin().delete("/api/rules/987654").then().statusCode(404).body("detail", containsString("987654"));
        admin().get("/api/rules/not-a-number").then().statusCode(404);
        admin().get("/api/rules/1/nothing-here").then().statusCode(404).body("status", equalTo(404))
                .body("title", equalTo("Not Found")).body("type", equalTo("about:blank"));
    }
}
