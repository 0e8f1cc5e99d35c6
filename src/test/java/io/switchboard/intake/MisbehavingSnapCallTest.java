package io.switchboard.intake;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.action.Action;
import io.switchboard.event.Event;
import io.switchboard.snapcall.SnapCallBreaker;
import io.switchboard.state.KnownState;
import jakarta.inject.Inject;

/**
 * The pollers against a SnapCall that answers late, pages wrongly, sends malformed items or
 * absurd Retry-After values: each failure is visible in {@code /api/status}, backs off, and
 * spoils neither the known state nor the circuit that actions share.
 */
@QuarkusTest
class MisbehavingSnapCallTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @Inject
    CallPoller calls;

    @Inject
    KnownState state;

    @Inject
    PollBudget budget;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    @AfterEach
    void healthy() {
        sandbox().delete("/sandbox/_control/faults");
    }

    static RequestSpecification admin() {
        return given().auth().oauth2("test-admin-key").contentType(ContentType.JSON);
    }

    static JsonPath poller(String name) {
        return admin().get("/api/status").then().statusCode(200).extract().jsonPath()
                .setRootPath("pollers.find { it.name == '" + name + "' }");
    }

    static void hook(String body) {
        String signature = WebhookSignature.sign("test-partner-secret", body.getBytes(StandardCharsets.UTF_8));
        given().header(WebhookSignature.HEADER, signature).body(body).post("/hooks/partner").then().statusCode(202);
    }

    static List<String> actionStatuses() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll().stream()
                .sorted(Comparator.comparing(a -> a.id)).map(a -> a.status.wire()).toList());
    }

    static long events(String type) {
        return QuarkusTransaction.requiringNew().call(() -> Event.count("type", type));
    }

    /** The next GETs on {@code path} (a regular expression) answer 200 with {@code body}. */
    static void answers(String path, String body, int count) {
        SandboxControl.fault(Map.of("status", 200, "body", body, "method", "GET", "path", path, "count", count));
    }

    @Test
    void aPollReadBeforeAnActionNeitherReportsItNorMakesTheOppositeActionANoChange() throws Exception {
        for (String kind : List.of("off", "on")) {
            admin().body("""
                    {"name": "Support %1$s", "trigger": {"type": "webhook", "source": "partner"},
                     "condition": "event.payload.kind == '%1$s'",
                     "actions": [{"type": "button.set_active", "button": "%2$s", "active": %3$s}]}"""
                    .formatted(kind, SUPPORT, kind.equals("on"))).post("/api/rules").then().statusCode(201);
        }
        // A poll reads the buttons (SUPPORT active) with 1 s latency, and the action switches SUPPORT
        // off after that read but before the poll stores what it read: the poll is held between
        // reading and storing until the action's result is recorded — the interleaving a slow
        // SnapCall produces, made certain.
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch actionRecorded = new CountDownLatch(1);
        Poller slowPoll = new Poller() {
            @Override
            public String name() {
                return buttons.name();
            }

            @Override
            public Duration interval() {
                return buttons.interval();
            }

            @Override
            public Result fetch(String cursor, Instant now) {
                Result result = buttons.fetch(cursor, now);
                read.countDown();
                try {
                    actionRecorded.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return result;
            }
        };
        SandboxControl.fault(Map.of("latency_ms", 1000, "method", "GET", "path", "^/v2/buttons$", "count", 1));
        CompletableFuture<Boolean> poll = CompletableFuture.supplyAsync(() -> runner.run(slowPoll, true));
        assertTrue(read.await(10, TimeUnit.SECONDS), "the poll read SnapCall");

        try {
            hook("{\"kind\": \"off\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> actionStatuses().equals(List.of("succeeded")));
        } finally {
            actionRecorded.countDown();
        }
        assertTrue(poll.get(), "the poll itself succeeded");

        assertEquals(0, events("button.updated"), "the older reading is no button.updated event");
        assertFalse(state.item(KnownState.BUTTON, SUPPORT).orElseThrow().data().path("active").asBoolean(true),
                "the known state keeps what the action set");
        hook("{\"kind\": \"on\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> actionStatuses().size() == 2 && !actionStatuses().contains("pending"));
        assertEquals(List.of("succeeded", "succeeded"), actionStatuses(), "the opposite action was sent, not skipped as no_change");
        assertEquals(2, SandboxControl.count("PUT", "^/v2/buttons"));
        assertTrue(sandbox().get("/sandbox/v2/buttons/" + SUPPORT).then().extract().<Boolean> path("active"));
    }

    @Test
    void aListThatEchoesAnotherPageStopsAtOnceWithAClearErrorAndBacksOff() {
        List<String> known = buttons();
        answers("^/v2/buttons$", """
                {"data": [{"bid": "%s", "name": "Support", "active": true}], "page": 1, "limit": 1, "total": 1000000}"""
                .formatted(SUPPORT), 1000);
        Instant before = Instant.now();
        assertFalse(runner.run(buttons, true));
        assertEquals(2, SandboxControl.count("GET", "^/v2/buttons$"), "two requests, not a million");
        JsonPath status = poller("buttons");
        assertEquals(1, status.getInt("failures"));
        assertTrue(status.getString("last_error").contains("asked for page 2, SnapCall answered page 1"),
                status.getString("last_error"));
        assertTrue(Instant.parse(status.getString("next_run_at")).isAfter(before.plusSeconds(1)), "it backs off");
        assertEquals(known, buttons(), "nothing of the untrusted listing was stored");
    }

    /** The known buttons by content: on PostgreSQL the mirror re-reads recent rows every second, as new objects. */
    private List<String> buttons() {
        return state.items(KnownState.BUTTON).stream().map(i -> i.key() + "=" + i.data() + "#" + i.sequence()).toList();
    }

    @Test
    void aListThatIgnoresPageWithoutSayingSoStopsAtTheRepeat() {
        // a bare array as long as the page asked for ("maybe more"), whatever page is asked
        String hundred = IntStream.range(0, 100).mapToObj(i -> "{\"bid\": \"b%03d\", \"active\": true}".formatted(i))
                .collect(Collectors.joining(",", "[", "]"));
        answers("^/v2/buttons$", hundred, 1000);
        assertFalse(runner.run(buttons, true));
        assertEquals(2, SandboxControl.count("GET", "^/v2/buttons$"));
        assertTrue(poller("buttons").getString("last_error").contains("page 2 repeats page 1"),
                poller("buttons").getString("last_error"));
    }

    @Test
    void aRefusalNamingTheLimitHalvesItForTheNextPoll() {
        SandboxControl.fault(Map.of("status", 400, "body", "{\"error\": \"\\\"limit\\\" must be less than or equal to 50\"}",
                "method", "GET", "path", "^/v2/buttons$", "count", 1));
        try {
            assertFalse(runner.run(buttons, true));
            assertEquals(50, poller("buttons").getInt("page_limit"));
            assertTrue(runner.run(buttons, true));
            List<Map<String, Object>> sent = SandboxControl.requests("GET", "^/v2/buttons$");
            assertTrue(String.valueOf(sent.get(0).get("query")).contains("limit=100"), sent.toString());
            assertTrue(String.valueOf(sent.get(1).get("query")).contains("limit=50"), sent.toString());
        } finally {
            buttons.init(); // back to the setting, as after a restart: other tests expect pages of 100
        }
    }

    @Test
    void anAnswerWithNoListIsAnErrorAndForgetsNoButton() {
        int known = state.items(KnownState.BUTTON).size();
        answers("^/v2/buttons$", "{\"status\": \"ok\"}", 1);
        assertFalse(runner.run(buttons, true));
        assertTrue(poller("buttons").getString("last_error").contains("no list in the answer"));
        assertEquals(known, state.items(KnownState.BUTTON).size(), "an answer without a list is not an empty account");
    }

    @Test
    void malformedCallsAreSkippedAndReportedTheOthersBecomeEvents() {
        String now = Instant.now().toString();
        answers("^/v2/calls$", """
                {"data": [
                  {"bid": "%1$s", "status": "missed", "created_at": "%2$s"},
                  {"id": 90001, "bid": "%1$s", "status": "missed", "created_at": "last tuesday"},
                  {"id": 90002, "bid": "%1$s", "status": "missed", "created_at": "%2$s", "duration": "long"},
                  ["not", "a", "call"]]}""".formatted(SUPPORT, now), 1);
        assertTrue(runner.run(calls, true), "the poll succeeds with what it could read");
        assertEquals(1, events("call.created"));
        String problems = poller("calls").getString("last_problems");
        assertTrue(problems.startsWith("5 problems: "), problems);
        assertTrue(problems.contains("call #1 has no id: skipped"), problems);
        assertTrue(problems.contains("call #4 is not an object (array): skipped"), problems);
        assertTrue(problems.contains("call 90001: created_at unreadable (\"last tuesday\"), read as null"), problems);
        assertTrue(problems.contains("call 90001: no readable created_at: skipped"), problems);
        assertTrue(problems.contains("call 90002: duration unreadable (\"long\"), read as null"), problems);
        assertTrue(state.item(KnownState.CALL, "90002").isPresent());
        assertTrue(state.item(KnownState.CALL, "90002").get().data().path("duration").isNull(),
                "an unreadable field is read as null");
        assertEquals(0, poller("calls").getInt("failures"));
    }

    @Test
    void aCallOpenForHoursIsReadOnItsOwnInsteadOfDraggingTheWindowBack() {
        fixtures.clean();
        long id = sandbox().body(Map.of("bid", SUPPORT, "status", "ringing",
                "created_at", Instant.now().minus(Duration.ofHours(3)).toString()))
                .post("/sandbox/_control/calls").then().statusCode(200).extract().jsonPath().getLong("id");
        assertTrue(runner.run(calls, true), "baseline: the last day, the ringing call with it");
        sandbox().delete("/sandbox/_control/requests");

        assertTrue(runner.run(calls, true));
        String query = URLDecoder.decode((String) SandboxControl.requests("GET", "^/v2/calls$").get(0).get("query"),
                StandardCharsets.UTF_8);
        Matcher start = Pattern.compile("start=([^&]+)").matcher(query);
        assertTrue(start.find(), query);
        assertTrue(Instant.parse(start.group(1)).isAfter(Instant.now().minus(Duration.ofMinutes(10))),
                "the list starts near the cursor, not 3 h back: " + query);
        assertEquals(1, SandboxControl.count("GET", "^/v2/calls/" + id + "$"), "the old open call is read on its own");

        answers("^/v2/calls/" + id + "$", """
                {"id": %d, "bid": "%s", "status": "missed", "created_at": "%s"}"""
                .formatted(id, SUPPORT, Instant.now().minus(Duration.ofHours(3))), 1);
        assertTrue(runner.run(calls, true));
        assertEquals(1, events("call.updated"), "its end is still seen");
    }

    @Test
    void unreadableAnswersBackOffWithoutOpeningTheCircuit() {
        SandboxControl.fault(Map.of("malformed", true, "method", "GET", "path", "^/v2/buttons$", "count", 25));
        for (int i = 0; i < 25; i++) {
            assertFalse(runner.run(buttons, true));
        }
        JsonPath status = poller("buttons");
        assertEquals(25, status.getInt("failures"));
        assertTrue(status.getString("last_error").contains("not valid JSON"), status.getString("last_error"));
        assertTrue(Instant.parse(status.getString("next_run_at")).isAfter(Instant.now().plusSeconds(60)), "backing off");
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(SnapCallBreaker.NAME));
    }

    @Test
    void absurdRetryAfterValuesAreClampedAndRecorded() {
        for (String retryAfter : List.of("9223372036854775807", "-30", "Thu, 01 Jan 1970 00:00:00 GMT")) {
            breakers.resetAll();
            SandboxControl.fault(Map.of("status", 429, "retry_after", retryAfter, "method", "GET", "path", "^/v2/buttons$",
                    "count", 1));
            Instant before = Instant.now();
            assertFalse(runner.run(buttons, true), retryAfter);
            JsonPath status = poller("buttons");
            assertTrue(status.getString("last_error").contains("429"), status.getString("last_error"));
            Instant next = Instant.parse(status.getString("next_run_at"));
            assertFalse(next.isAfter(Instant.now().plus(Duration.ofMinutes(5))),
                    retryAfter + ": kept within switchboard.poll.max-backoff, next run " + next);
            assertFalse(next.isBefore(before.plus(PollRunner.FIRST_RETRY)), retryAfter + ": and at least 2 s away");
        }
        admin().get("/api/status").then().body("poll_budget.current_requests_per_second", lessThan(5.0f));
    }

    @Test
    void statusShowsTheBudgetAndEachPollersIntervals() {
        runner.run(buttons, true);
        admin().get("/api/status").then()
                .body("poll_budget.requests_per_second", equalTo(5.0f))
                .body("pollers.find { it.name == 'agents' }.interval_seconds", equalTo(10.0f))
                .body("pollers.find { it.name == 'buttons' }.effective_interval_seconds", equalTo(60.0f))
                .body("pollers.find { it.name == 'calls' }.page_limit", equalTo(100))
                .body("pollers.find { it.name == 'agents' }.last_error", equalTo(null))
                .body("pollers.find { it.name == 'buttons' }.last_problems", equalTo(null))
                .body("pollers.find { it.name == 'buttons' }.cursor", containsString("4"));
    }
}
