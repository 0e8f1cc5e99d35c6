package io.switchboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.intake.AgentPoller;
import io.switchboard.intake.ButtonPoller;
import io.switchboard.intake.CallPoller;
import io.switchboard.intake.PollRunner;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.model.AccountActivation;
import jakarta.inject.Inject;

/**
 * With a real-looking SnapCall key configured (the sandbox made to accept it): nothing answers
 * without a key but health and SnapCall's public endpoints, and neither the SnapCall key nor a
 * webhook secret ever shows in a log line, a response or a trace.
 */
@QuarkusTest
@TestProfile(SecurityTest.RealKey.class)
class SecurityTest {

    static final String SNAPCALL_KEY = "sk_live_7Qm2ZcX9rTw4Hn8Vb1Ld";
    static final String HOOK_SECRET = "whsec_N4p8Q2x6Z1k9";
    static final String PARTNER_KEY = "pk_live_3Rt8Yx2Wq6Zm";
    static final Path LOG = Path.of("target", "security-test.log");

    public static class RealKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("snapcall.api-key", SNAPCALL_KEY, "snapcall.url", "http://localhost:${quarkus.http.test-port:8081}/sandbox",
                    "switchboard.sandbox.enabled", "true", "switchboard.sandbox.api-key", SNAPCALL_KEY,
                    "switchboard.webhooks.crm.secret", HOOK_SECRET,
                    "snapcall.partner-api-key", PARTNER_KEY, "switchboard.sandbox.partner-api-key", PARTNER_KEY,
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.category.\"io.switchboard\".level", "DEBUG");
        }
    }

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @Inject
    AgentPoller agents;

    @Inject
    CallPoller calls;

    @Inject
    SnapCallClient snapCall;

    @Inject
    Fixtures fixtures;

    /**
     * Nothing another class left may decide here, and nothing of this class's may decide later: its
     * rule's source ({@code crm}) has a secret in this profile only, so the next class's rule index
     * could not compile it. (Not {@code freshLoop()}: this profile replaces the sandbox key it uses.)
     */
    @BeforeEach
    @AfterEach
    void clean() {
        fixtures.clean();
    }

    @Test
    void nothingAnswersWithoutAKeyButHealthAndPublicEndpoints() {
        Map<String, Object> paths = given().auth().oauth2("test-viewer-key").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath().getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((path, operations) -> ((Map<?, ?>) operations).keySet().forEach(method -> {
            String concrete = path.replaceAll("\\{[^}]+}", "1");
            int status = given().contentType(ContentType.JSON).body("{}")
                    .request(method.toString().toUpperCase(), concrete).statusCode();
            boolean publicEndpoint = concrete.matches("/sandbox/v2/(buttons/1/info|users/1/button)");
            if (!publicEndpoint) {
                assertTrue(status == 401 || (concrete.startsWith("/hooks/") && status == 404),
                        method + " " + path + " answered " + status + " without a key");
            }
            checked.add(method + " " + path);
        }));
        assertTrue(checked.size() > 40, "checked " + checked);
        for (String framework : List.of("/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            assertEquals(401, given().get(framework).statusCode(), framework + " without a key");
        }
        assertTrue(checked.contains("post /api/actions/{id}/retry"), "the retry endpoint was checked");
        assertTrue(checked.contains("post /hooks/{source}"), "the webhook route (no JAX-RS resource) is described too");
        given().get("/q/health").then().statusCode(org.hamcrest.Matchers.oneOf(200, 503));
    }

    @Test
    void frameworkEndpointsRefuseLikeTheApiAndTakeAnyKey() {
        for (String path : List.of("/q/metrics", "/api/rules")) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                    .contentType(startsWith("application/problem+json"))
                    .body("detail", containsString("Authorization: Bearer"));
            given().auth().oauth2("not-a-key").get(path).then().statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .body("detail", equalTo("unknown API key"));
            given().auth().preemptive().basic("test-admin-key", "").get(path).then().statusCode(401)
                    .contentType(startsWith("application/problem+json"));
            given().auth().oauth2("test-viewer-key").get(path).then().statusCode(200);
        }
        given().header("Authorization", "bearer test-viewer-key").get("/q/metrics").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void secretsNeverReachLogsResponsesOrTraces() throws Exception {
        SandboxControl.sandboxWithKey(SNAPCALL_KEY).post("/sandbox/_control/reset").then().statusCode(200);
        runner.run(buttons, true);
        runner.run(agents, true);
        runner.run(calls, true);
        snapCall.activateAccount(new AccountActivation(null, 4242L, null, null));
        String admin = "test-admin-key";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"name": "Leak check", "trigger": {"type": "webhook", "source": "crm"},
                 "actions": [{"type": "agent.set_status", "agent": "alice@example.com", "status": "busy"},
                             {"type": "agent.set_status", "agent": "nobody@example.com", "status": "busy"}]}""")
                .post("/api/rules").then().statusCode(201);
        SandboxControl.sandboxWithKey(SNAPCALL_KEY).body(Map.of("status", 500, "count", 1, "method", "PUT"))
                .post("/sandbox/_control/faults").then().statusCode(200);
        byte[] body = "{\"go\": true}".getBytes();
        given().header("X-Switchboard-Signature", io.switchboard.intake.WebhookSignature.sign(HOOK_SECRET, body))
                .body(body).post("/hooks/crm").then().statusCode(202);
        given().header("X-Switchboard-Signature", "sha256=00").body(body).post("/hooks/crm").then().statusCode(401);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> given().auth()
                .oauth2(admin).get("/api/executions?status=fired").then().extract().path("items[0].actions.size()")
                .equals(2) && !given().auth().oauth2(admin).get("/api/status").asString().contains("\"pending_actions\":1"));

        List<String> responses = List.of(
                given().auth().oauth2(admin).get("/api/executions").asString(),
                given().auth().oauth2(admin).get("/api/events").asString(),
                given().auth().oauth2(admin).get("/api/status").asString(),
                given().auth().oauth2(admin).get("/api/rules").asString(),
                given().get("/q/health").asString(),
                given().auth().oauth2(admin).get("/q/metrics").asString(),
                SandboxControl.sandboxWithKey(SNAPCALL_KEY).get("/sandbox/_control/requests").asString());
        assertTrue(responses.get(responses.size() - 1).contains("\"key\":\"partner\""), "activate-account carried the partner key");
        for (String response : responses) {
            assertFalse(response.contains(SNAPCALL_KEY), "a response shows the SnapCall key");
            assertFalse(response.contains(PARTNER_KEY), "a response shows the partner key");
            assertFalse(response.contains(HOOK_SECRET), "a response shows the webhook secret");
        }
        String log = Files.readString(LOG);
        assertTrue(log.contains("action"), "the log was captured");
        assertFalse(log.contains(SNAPCALL_KEY), "the log shows the SnapCall key");
        assertFalse(log.contains(HOOK_SECRET), "the log shows the webhook secret");
        assertFalse(log.contains(PARTNER_KEY), "the log shows the partner key");
        assertFalse(log.contains(Base64.getEncoder().encodeToString((SNAPCALL_KEY + ":").getBytes())),
                "the log shows the key as Basic credentials");
        assertEquals(-1, responses.get(0).indexOf("Bearer "), "no Authorization header is echoed");
    }
}
