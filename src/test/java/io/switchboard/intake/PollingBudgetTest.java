package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * The three pollers at once against the sandbox, sharing the default budget of 5 requests a
 * second, counted where SnapCall counts: the sandbox's request log.
 */
@QuarkusTest
class PollingBudgetTest {

    static final int NEW_AGENTS = 60;

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @Inject
    AgentPoller agents;

    @Inject
    CallPoller calls;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    PollBudget budget;

    @BeforeEach
    void manyAgents() {
        // A 429 in an earlier test halves the shared budget for up to a minute: start from the full one.
        await().atMost(Duration.ofSeconds(70)).until(() -> budget.rate() >= budget.configured());
        breakers.resetAll();
        fixtures.clean();
        SandboxControl.reset();
        String batch = IntStream.range(0, NEW_AGENTS)
                .mapToObj(i -> "{\"name\": \"Line %d\", \"agent\": \"agent%02d@example.com\"}".formatted(i, i))
                .collect(Collectors.joining(",", "{\"buttons\": [", "]}"));
        sandbox().body(batch).post("/sandbox/v2/buttons/batch").then().statusCode(201);
        runner.run(buttons, true); // the agents on these buttons are now watched
        sandbox().delete("/sandbox/_control/requests");
    }

    @Test
    void pollersTogetherNeverExceedTheBudgetAndTheAgentsCycleStretches() {
        Instant started = Instant.now();
        List<CompletableFuture<Boolean>> rounds = List.of(
                CompletableFuture.supplyAsync(() -> runner.run(agents, true)),
                CompletableFuture.supplyAsync(() -> runner.run(calls, true)),
                CompletableFuture.supplyAsync(() -> runner.run(buttons, true)));
        rounds.forEach(round -> assertTrue(round.join(), "every poller succeeded"));

        List<Map<String, Object>> sent = SandboxControl.requests("GET", "^/v2/");
        List<Instant> arrivals = sent.stream().map(r -> Instant.parse((String) r.get("at"))).sorted().toList();
        assertEquals(5, RequestBudgetTest.busiestSecond(arrivals),
                "never more than 5 requests to SnapCall in any second, all pollers together");

        List<String> agentReads = sent.stream().map(r -> (String) r.get("path"))
                .filter(p -> p.startsWith("/v2/agents/")).toList();
        Set<String> watched = IntStream.range(0, NEW_AGENTS).mapToObj("/v2/agents/agent%02d@example.com"::formatted)
                .collect(Collectors.toSet());
        assertTrue(Set.copyOf(agentReads).containsAll(watched), "every watched agent read");
        assertEquals(Set.copyOf(agentReads).size(), agentReads.size(), "each once");

        int requests = sent.size();
        Duration took = Duration.between(started, Instant.now());
        assertTrue(took.compareTo(Duration.ofMillis((requests / 5 - 1) * 1000L)) >= 0,
                requests + " requests at 5 a second cannot take less than " + (requests / 5 - 1) + " s: " + took);
        double effective = given().auth().oauth2("test-viewer-key").get("/api/status").then().statusCode(200)
                .extract().jsonPath().getDouble("pollers.find { it.name == 'agents' }.effective_interval_seconds");
        assertTrue(effective > 10.0, "the agents' cycle stretched past its 10 s interval to fit the budget: " + effective);
    }
}
