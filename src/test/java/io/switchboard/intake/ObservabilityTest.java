package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import jakarta.inject.Inject;

/** Health and metrics an operator watches. */
@QuarkusTest
class ObservabilityTest {

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @BeforeEach
    void fresh() {
        fixtures.clean();
        SandboxControl.reset();
    }

    @AfterEach
    void healthy() {
        SandboxControl.sandbox().delete("/sandbox/_control/faults");
    }

    @Test
    void metricsNeedAKeyButHealthDoesNot() {
        given().get("/q/metrics").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void readinessCoversDatabaseAndIntakeAndSnapCallHasItsOwnGroup() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Intake", "Database connections health check"));
        // SnapCall's answer is cached for a few seconds: wait out an earlier test's outage
        await().atMost(Duration.ofSeconds(12)).until(() -> given().get("/q/health/group/snapcall").statusCode() == 200);
        given().get("/q/health/group/snapcall").then().statusCode(200)
                .body("checks.name", hasItems("SnapCall", "Pollers"))
                .body("checks.find { it.name == 'SnapCall' }.data.url", containsString("/sandbox"));
    }

    @Test
    void unreachableSnapCallShowsInItsGroupButTheServiceStaysReady() {
        SandboxControl.fault(Map.of("status", 503, "path", "^/v2/users/me$"));
        await().atMost(Duration.ofSeconds(12)).until(() -> given().get("/q/health/group/snapcall").statusCode() == 503);
        given().get("/q/health/group/snapcall").then()
                .body("checks.find { it.name == 'SnapCall' }.status", equalTo("DOWN"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsCountPollsEventsAndSnapCallRequests() {
        runner.run(buttons, true);
        String metrics = given().auth().oauth2("test-viewer-key").get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(
                "switchboard_polls_total{outcome=\"success\",poller=\"buttons\"}"), "polls counted");
        assertTrue(metrics.contains(
                "switchboard_snapcall_requests_seconds_count{endpoint=\"GET /v2/buttons\",status=\"2xx\"}"),
                "SnapCall requests timed by endpoint and status");
        assertTrue(metrics.contains("switchboard_outbox_depth"), "outbox depth gauge");
        assertTrue(metrics.contains("switchboard_poll_lag_seconds{poller=\"buttons\"}"),
                "poll lag gauge");
    }

    @Test
    void webhookMetricsNameTheRouteNotTheSourceEvenWhenTheBodyIsRefusedFirst() {
        // A 413 is answered before the webhook route runs: without the pattern it was tagged with the raw path,
        // one time series per source name anyone sends (the route's own answers use its template).
        // The 413 closes the connection, possibly while the client still sends: then the client sees a broken pipe.
        assertEquals(413, SandboxControl.statusOfOversized(() -> given().contentType("application/json")
                .body("x".repeat(600 * 1024)).post("/hooks/no-such-source-a").statusCode()));
        given().contentType("application/json").body("{}").post("/hooks/no-such-source-b").then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains("status=\"413\""));
        String metrics = metrics();
        assertTrue(metrics.contains("status=\"413\",uri=\"/hooks/{source}\""), "413 tagged with the route's template");
        assertTrue(metrics.contains("status=\"404\",uri=\"/hooks/{source}\""), "404 tagged with the route's template");
        assertFalse(metrics.contains("no-such-source"), "no series named after a source");
    }

    private static String metrics() {
        return given().auth().oauth2("test-viewer-key").get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
