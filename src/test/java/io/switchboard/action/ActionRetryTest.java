package io.switchboard.action;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.intake.AgentPoller;
import io.switchboard.intake.PollRunner;
import jakarta.inject.Inject;

/** {@code POST /api/actions/{id}/retry}: a dead action goes back to the sender for one more try. */
@QuarkusTest
class ActionRetryTest {

    static final Duration PATIENCE = Duration.ofSeconds(15);
    static final String AGENT_PUT = "^/v2/agents/alice@example.com$";

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    AgentPoller agents;

    @Inject
    ActionConfig config;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    static RequestSpecification admin() {
        return given().auth().oauth2("test-admin-key").contentType(ContentType.JSON);
    }

    /** Alice going away fires one agent.update; SnapCall answers 429 (retry at once) {@code refusals} times. */
    long fireWhileSnapCallRefuses(int refusals) {
        admin().body("""
                {"name": "Alice away", "trigger": {"type": "agent.status_changed"},
                 "condition": "event.agent == 'alice@example.com' && event.status == 'away'",
                 "actions": [{"type": "agent.update", "agent": "alice@example.com", "wrap_up_time": 120}]}""")
                .post("/api/rules").then().statusCode(201);
        if (refusals > 0) {
            SandboxControl.fault(Map.of("status", 429, "retry_after", 0, "count", refusals, "method", "PUT",
                    "path", AGENT_PUT));
        }
        SandboxControl.sandbox().body(Map.of("status", "away"))
                .put("/sandbox/v2/agents/alice@example.com/status").then().statusCode(200);
        runner.run(agents, true);
        await().atMost(PATIENCE).until(() -> !status().equals("pending"));
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> findAll().firstResult().id);
    }

    static String status() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> findAll().firstResultOptional()
                .map(a -> a.status.wire()).orElse("pending"));
    }

    @Test
    void deadActionIsSentOnceMoreAndDeadAgainIfThatTryFailsToo() {
        long id = fireWhileSnapCallRefuses(config.maxAttempts() + 1);
        assertEquals("dead", status());
        assertEquals(config.maxAttempts(), SandboxControl.count("PUT", AGENT_PUT));

        admin().post("/api/actions/" + id + "/retry").then().statusCode(202)
                .body("id", equalTo((int) id)).body("status", equalTo("pending"));
        await().atMost(PATIENCE).until(() -> status().equals("dead"));
        assertEquals(config.maxAttempts() + 1, SandboxControl.count("PUT", AGENT_PUT), "exactly one more try");

        admin().post("/api/actions/" + id + "/retry").then().statusCode(202);
        await().atMost(PATIENCE).until(() -> status().equals("succeeded"));
        assertEquals(config.maxAttempts() + 2, SandboxControl.count("PUT", AGENT_PUT));
        assertEquals(120, (int) SandboxControl.sandbox().get("/sandbox/v2/agents/alice@example.com").then().extract()
                .path("wrap_up_time"));
        List<String> outcomes = admin().get("/api/executions?status=fired").then().statusCode(200).extract()
                .jsonPath().getList("items[0].actions[0].attempt_log.outcome");
        assertEquals("dead", outcomes.get(config.maxAttempts() - 1));
        assertEquals("dead", outcomes.get(config.maxAttempts()));
        assertEquals("succeeded", outcomes.get(config.maxAttempts() + 1), "every try is in the trace: " + outcomes);
    }

    @Test
    void onlyADeadActionCanBeRetried() {
        long id = fireWhileSnapCallRefuses(0);
        assertEquals("succeeded", status());
        admin().post("/api/actions/" + id + "/retry").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("succeeded, not dead"));
        admin().post("/api/actions/987654/retry").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("987654"));
        assertEquals(1, SandboxControl.count("PUT", AGENT_PUT), "nothing was sent again");
    }

    @Test
    void retryingNeedsAnAdminKey() {
        long id = fireWhileSnapCallRefuses(config.maxAttempts());
        assertEquals("dead", status());
        given().post("/api/actions/" + id + "/retry").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        given().auth().oauth2("test-viewer-key").post("/api/actions/" + id + "/retry").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        assertEquals("dead", status());
    }
}
