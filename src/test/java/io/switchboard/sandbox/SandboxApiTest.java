package io.switchboard.sandbox;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import jakarta.inject.Inject;

/** The sandbox over plain HTTP: what a SnapCall integrator would see, and the control API tests rely on. */
@QuarkusTest
class SandboxApiTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final String PARTNER_KEY = "sandbox-partner-key";

    @Inject
    Fixtures fixtures;

    /** Actions another class left pending would reach the sandbox after its reset and fill its request log. */
    @BeforeEach
    void freshSandbox() {
        fixtures.clean();
        SandboxControl.reset();
    }

    @Test
    void startsWithTheSeededDemoAccountEvenWithTheSimulatorOff() {
        sandbox().get("/sandbox/v2/buttons").then().statusCode(200)
                .body("total", equalTo(4)).body("data.bid", everyItem(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{20}")));
        sandbox().get("/sandbox/v2/calls").then().body("total", equalTo(48)).body("limit", equalTo(20))
                .body("page", equalTo(1)).body("data", hasSize(20));
        sandbox().get("/sandbox/v2/schedule-templates").then().body("total", equalTo(2));
        sandbox().get("/sandbox/v2/users/me").then().body("email", equalTo("demo@switchboard.example"));
    }

    @Test
    void apiRefusesMissingOrWrongKeys() {
        given().get("/sandbox/v2/buttons").then().statusCode(401).body("error", equalTo("Unauthorized"));
        given().auth().oauth2("guess").get("/sandbox/v2/buttons").then().statusCode(401);
        given().auth().preemptive().basic("guess", "").get("/sandbox/v2/users/me").then().statusCode(401);
        given().auth().preemptive().basic(SandboxControl.KEY, "").get("/sandbox/v2/users/me").then().statusCode(200);
        given().post("/sandbox/_control/reset").then().statusCode(401);
    }

    @Test
    void theTwoPublicEndpointsNeedNoKey() {
        given().get("/sandbox/v2/buttons/" + SUPPORT + "/info").then().statusCode(200).body("name", equalTo("Support"));
        given().body("{\"referer\":\"https://example.com/\"}").post("/sandbox/v2/users/4242/button")
                .then().statusCode(200).body("bid", equalTo(SUPPORT));
    }

    @Test
    void bodiesAreJsonWhateverTheirContentType() {
        given().auth().oauth2(SandboxControl.KEY).contentType("text/plain").body("{\"active\": false}")
                .put("/sandbox/v2/buttons/" + SUPPORT).then().statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(SandboxControl.KEY).body("{\"name\": \"No header\"}")
                .post("/sandbox/v2/buttons").then().statusCode(201).body("name", equalTo("No header"));
    }

    @Test
    void invalidInputIsA400NamingTheField() {
        sandbox().body("{\"name\": 3}").post("/sandbox/v2/buttons").then().statusCode(400)
                .body("error", equalTo("\"name\" must be a string"));
        sandbox().body("{\"name\": \"x\", \"colour\": \"red\"}").post("/sandbox/v2/buttons").then().statusCode(400)
                .body("error", equalTo("\"colour\" is not allowed"));
        sandbox().body("{not json").post("/sandbox/v2/buttons").then().statusCode(400)
                .body("error", containsString("JSON"));
        sandbox().queryParam("active", "maybe").get("/sandbox/v2/buttons").then().statusCode(400)
                .body("error", equalTo("\"active\" must be a boolean"));
        sandbox().queryParam("start", "yesterday").get("/sandbox/v2/calls").then().statusCode(400)
                .body("error", equalTo("\"start\" must be a valid date"));
        sandbox().queryParam("ani", "+33").get("/sandbox/v2/calls").then().statusCode(400);
        sandbox().body("{\"name\":\"x\",\"schedule\":[{\"day\":\"funday\",\"open\":\"09:00\",\"close\":\"10:00\"}]}")
                .post("/sandbox/v2/schedule-templates").then().statusCode(400).body("error", containsString("day"));
    }

    @Test
    void everyAnswerHasAJsonBodyEvenDeletesAndUnknownPaths() {
        String completed = sandbox().queryParam("status", "completed").get("/sandbox/v2/calls")
                .then().extract().path("data[0].id").toString();
        sandbox().delete("/sandbox/v2/calls/" + completed + "/recording").then().statusCode(200)
                .contentType(startsWith("application/json")).body("deleted", equalTo(true));
        sandbox().get("/sandbox/v2/no-such-thing").then().statusCode(404)
                .contentType(startsWith("application/json")).body("error", equalTo("Not Found"));
    }

    @Test
    void callFiltersCombine() {
        Map<String, Object> call = sandbox().get("/sandbox/v2/calls?limit=1").then().extract().path("data[0]");
        sandbox().queryParam("client", call.get("client")).queryParam("ani", call.get("ani"))
                .get("/sandbox/v2/calls").then().body("data.id", org.hamcrest.Matchers.hasItem(call.get("id")));
        sandbox().queryParam("status", "missed,dropped").queryParam("limit", 100).get("/sandbox/v2/calls").then()
                .body("data.status", everyItem(org.hamcrest.Matchers.oneOf("missed", "dropped")));
        sandbox().queryParam("start", "2000-01-01").queryParam("end", "2000-01-02").get("/sandbox/v2/calls")
                .then().body("total", equalTo(0));
        sandbox().queryParam("rate", "5").queryParam("limit", 100).get("/sandbox/v2/calls").then()
                .body("data.rate", everyItem(equalTo(5)));
    }

    @Test
    void faultsApplyToMatchingRequestsForTheirCount() {
        sandbox().body(Map.of("status", 503, "path", "^/v2/buttons", "method", "GET", "count", 2))
                .post("/sandbox/_control/faults").then().statusCode(200).body("remaining", equalTo(2));
        sandbox().get("/sandbox/v2/users/me").then().statusCode(200);
        sandbox().get("/sandbox/v2/buttons").then().statusCode(503).body("error", containsString("503"));
        sandbox().get("/sandbox/v2/buttons/" + SUPPORT).then().statusCode(503);
        sandbox().get("/sandbox/v2/buttons").then().statusCode(200);
        sandbox().get("/sandbox/_control/faults").then().body("$", hasSize(0));
    }

    @Test
    void rateLimitFaultSendsRetryAfter() {
        SandboxControl.fault(Map.of("status", 429, "retry_after", 2, "count", 1));
        sandbox().get("/sandbox/v2/users/me").then().statusCode(429).header("Retry-After", "2");
    }

    @Test
    void latencyFaultStillServesTheRequestBody() {
        SandboxControl.fault(Map.of("latency_ms", 300, "count", 1, "method", "PUT"));
        sandbox().body("{\"active\": false}").put("/sandbox/v2/buttons/" + SUPPORT).then().statusCode(200)
                .body("active", equalTo(false));
    }

    @Test
    void retryAfterIsSentAsWrittenEvenWhenItMakesNoSense() {
        SandboxControl.fault(Map.of("status", 429, "retry_after", "Thu, 01 Jan 1970 00:00:00 GMT", "count", 1));
        sandbox().get("/sandbox/v2/users/me").then().statusCode(429).header("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT");
        SandboxControl.fault(Map.of("status", 429, "retry_after", "9223372036854775807", "count", 1));
        sandbox().get("/sandbox/v2/users/me").then().statusCode(429).header("Retry-After", "9223372036854775807");
    }

    @Test
    void faultRequestsAreValidated() {
        sandbox().body(Map.of("count", 1)).post("/sandbox/_control/faults").then().statusCode(400)
                .body("error", containsString("needs one of"));
        sandbox().body(Map.of("status", 700)).post("/sandbox/_control/faults").then().statusCode(400);
        sandbox().body(Map.of("status", 500, "path", "([")).post("/sandbox/_control/faults").then().statusCode(400);
    }

    @Test
    void requestLogRecordsMethodPathAndStatus() {
        sandbox().get("/sandbox/v2/buttons/" + SUPPORT);
        sandbox().get("/sandbox/v2/buttons/ffffffffffffffffffff");
        List<Map<String, Object>> log = SandboxControl.requests("GET", "^/v2/buttons/");
        assertEquals(2, log.size());
        assertEquals(200, log.get(0).get("status"));
        assertEquals(404, log.get(1).get("status"));
        sandbox().delete("/sandbox/_control/requests").then().statusCode(200);
        assertEquals(0, SandboxControl.count(null, "."));
    }

    @Test
    void requestLogKeepsTheBodyAsReceivedAndNamesTheKeyNotItsValue() {
        String body = "{\"schedule\": [{\"day\": 1, \"open\": \"08:00\", \"close\": \"12:00\", \"note\": \"x\"}]}";
        sandbox().body(body).put("/sandbox/v2/schedule-templates/1").then().statusCode(200);
        given().get("/sandbox/v2/buttons/" + SUPPORT + "/info").then().statusCode(200);
        given().auth().oauth2("guess").get("/sandbox/v2/users/me").then().statusCode(401);
        partner().body("{\"user_id\": 4242}").post("/sandbox/v2/partner/activate-account").then().statusCode(200);

        List<Map<String, Object>> log = SandboxControl.requests(null, ".");
        assertEquals(List.of("account", "none", "unknown", "partner"), log.stream().map(r -> r.get("key")).toList());
        assertEquals(body, log.get(0).get("body"));
        assertEquals(null, log.get(1).get("body"), "a GET has no body");
        String shown = sandbox().get("/sandbox/_control/requests").asString();
        assertFalse(shown.contains(SandboxControl.KEY) || shown.contains(PARTNER_KEY), "no key in the log: " + shown);
    }

    @Test
    void scheduleDaysAreNamesOrNumbersFromZeroToSix() {
        for (Object day : List.of(0, 1, 2, 3, 4, 5, 6, "monday", "Sunday", "SATURDAY")) {
            sandbox().body(Map.of("schedule", List.of(Map.of("day", day, "open", "08:00", "close", "12:00"))))
                    .put("/sandbox/v2/schedule-templates/1").then().statusCode(200).body("schedule[0].day", equalTo(day));
        }
        for (Object day : List.of(7, -1, "1", "mon", 1.5)) {
            sandbox().body(Map.of("schedule", List.of(Map.of("day", day, "open", "08:00", "close", "12:00"))))
                    .put("/sandbox/v2/schedule-templates/1").then().statusCode(400)
                    .body("error", equalTo("\"schedule[0].day\" must be a day name or a number from 0 (sunday) to 6"));
        }
    }

    @Test
    void activateAccountTakesThePartnerKeyAndAgentButtonTheUsersKey() {
        String activation = "{\"user_id\": 4242}";
        String agent = "{\"agent_email\": \"alice@example.com\"}";
        sandbox().body(activation).post("/sandbox/v2/partner/activate-account").then().statusCode(403)
                .body("error", containsString("partner account's API key"));
        partner().body(activation).post("/sandbox/v2/partner/activate-account").then().statusCode(200);
        partner().body(agent).post("/sandbox/v2/partner/agent-button").then().statusCode(403);
        sandbox().body(agent).post("/sandbox/v2/partner/agent-button").then().statusCode(200);
        // The reference leaves the other partner endpoints open: either key.
        partner().get("/sandbox/v2/partner/calls").then().statusCode(200);
        sandbox().get("/sandbox/v2/partner/calls").then().statusCode(200);
        partner().get("/sandbox/v2/buttons").then().statusCode(403);
    }

    private static RequestSpecification partner() {
        return SandboxControl.sandboxWithKey(PARTNER_KEY);
    }

    @Test
    void simulatorReplaysTheSameStoryFromTheSameSeed() {
        List<Object> first = simulate();
        SandboxControl.reset();
        List<Object> second = simulate();
        assertEquals(first, second);
        assertNotEquals(48, ((List<?>) first.get(0)).size(), "the simulator made calls");
    }

    @Test
    void simulatorMovesCallsThroughTheirLifecycle() {
        sandbox().post("/sandbox/_control/simulator/tick?times=40").then().statusCode(200);
        sandbox().queryParam("exporting", true).get("/sandbox/v2/calls").then()
                .body("total", greaterThan(48))
                .body("data.findAll { it.id > 1047 && it.status == 'completed' }.size()", greaterThan(0));
    }

    private List<Object> simulate() {
        sandbox().post("/sandbox/_control/simulator/tick?times=25").then().statusCode(200);
        List<Object> calls = sandbox().queryParam("exporting", true).get("/sandbox/v2/calls").then().extract()
                .jsonPath().getList("data.collect { [it.bid, it.status, it.client] }");
        List<Object> agents = List.of("alice", "bob", "carol", "dave", "erin").stream()
                .map(a -> (Object) sandbox().get("/sandbox/v2/agents/" + a + "@example.com").then().extract().path("status"))
                .toList();
        return List.of(calls, agents);
    }
}
