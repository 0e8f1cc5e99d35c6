package io.switchboard.engine;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.action.Action;
import io.switchboard.event.EventDraft;
import io.switchboard.intake.AgentPoller;
import io.switchboard.intake.ButtonPoller;
import io.switchboard.intake.CallPoller;
import io.switchboard.intake.PollRunner;
import io.switchboard.intake.Poller;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.state.KnownState;
import jakarta.inject.Inject;

/**
 * Races and orderings found by reviewing the pipeline: each test first failed, then the fix
 * made it pass. Against the sandbox, counted with its request log.
 */
@QuarkusTest
class PipelineOrderingTest {

    static final String SUPPORT = AutomationLoopTest.SUPPORT;

    @Inject Fixtures fixtures;
    @Inject PollRunner runner;
    @Inject CallPoller calls;
    @Inject AgentPoller agents;
    @Inject ButtonPoller buttons;
    @Inject KnownState state;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
    }

    static void hook(String body) {
        String signature = WebhookSignature.sign("test-partner-secret", body.getBytes(StandardCharsets.UTF_8));
        given().header(WebhookSignature.HEADER, signature).body(body).post("/hooks/partner").then().statusCode(202);
    }

    static List<String> actionStatuses() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll().stream()
                .sorted(Comparator.comparing(a -> a.id)).map(a -> a.status.wire() + ":" + a.lastError).toList());
    }

    @Test
    void oneUnknownButtonInABatchDoesNotFailTheOthers() {
        AutomationLoopTest.rule("""
                {"name": "Two buttons off", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false},
                             {"type": "button.set_active", "button": "ffffffffffffffffffff", "active": false}]}""");
        hook("{\"kind\": \"x\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> actionStatuses().size() == 2
                && actionStatuses().stream().noneMatch(s -> s.startsWith("pending")));
        assertEquals("succeeded:null", actionStatuses().get(0));
        assertTrue(actionStatuses().get(1).startsWith("failed:"), actionStatuses().toString());
        assertFalse(AutomationLoopTest.buttonActive(SUPPORT), "the known button was switched off one by one after the batch was refused");
    }

    @Test
    void aPollThatReadBeforeOurOwnChangeNeitherUndoesItNorReportsIt() {
        Instant pollStart = Instant.now();
        Poller.Result read = buttons.fetch(null, pollStart); // reads SUPPORT active=true
        AutomationLoopTest.rule("""
                {"name": "Support off", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""");
        hook("{\"kind\": \"x\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> actionStatuses().stream().anyMatch(s -> s.startsWith("succeeded")));
        List<EventDraft> drafts = QuarkusTransaction.requiringNew().call(() -> read.apply().get());
        assertEquals(List.of(), drafts.stream().filter(d -> d.subject().equals(SUPPORT)).toList(),
                "the older reading is no button.updated event");
        assertFalse(state.item(KnownState.BUTTON, SUPPORT).get().data().path("active").asBoolean(true),
                "the known state keeps what our own request set");
    }

    @Test
    void aRuleUndoingAnOutsideChangeSeenByAPollSendsItsRequest() {
        AutomationLoopTest.rule("""
                {"name": "Keep support on", "trigger": {"type": "button.updated"},
                 "condition": "event.button == '0846f80abb1c11e7b62e' && event.active == false",
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": true}]}""");
        sandbox().contentType(ContentType.JSON).body(Map.of("active", false)).put("/sandbox/v2/buttons/" + SUPPORT).then().statusCode(200);
        runner.run(buttons, true);
        await().atMost(Duration.ofSeconds(15)).until(() -> actionStatuses().stream().noneMatch(s -> s.startsWith("pending")) && !actionStatuses().isEmpty());
        assertEquals(List.of("succeeded:null"), actionStatuses());
        assertTrue(AutomationLoopTest.buttonActive(SUPPORT), "switched back on: the action was planned against what the poll just read");
    }

    @Test
    void threeMissedCallsSeenByOnePollFireTheLevelRule() {
        AutomationLoopTest.rule(AutomationLoopTest.MISSED_CALLS_ALARM);
        for (int i = 0; i < 3; i++) {
            sandbox().body(Map.of("bid", SUPPORT, "status", "missed")).post("/sandbox/_control/calls").then().statusCode(200);
        }
        runner.run(calls, true);
        runner.run(calls, true);
        List<String> outcomes = QuarkusTransaction.requiringNew().call(() -> Execution.<Execution> listAll().stream()
                .map(x -> x.outcome.wire()).toList());
        assertTrue(outcomes.contains("fired"), "conditions see the calls their own poll recorded: " + outcomes);
    }

    @Test
    void aWriteThatWaitedForARowLockStillReachesTheInMemoryState() throws Exception {
        ObjectMapper json = new ObjectMapper();
        QuarkusTransaction.requiringNew().run(() -> {
            state.record(KnownState.AGENT, "review-a@x", json.createObjectNode().put("status", "online"), Instant.now());
            state.record(KnownState.BUTTON, "review-b", json.createObjectNode().put("active", true), Instant.now());
        });
        CountDownLatch sTookVersion = new CountDownLatch(1);
        CountDownLatch pLocked = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        var s = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {   // a settle: agent, then button
            state.record(KnownState.AGENT, "review-a@x", json.createObjectNode().put("status", "busy"), Instant.now());
            sTookVersion.countDown();
            try { pLocked.await(); } catch (InterruptedException e) { throw new RuntimeException(e); }
            state.record(KnownState.BUTTON, "review-b", json.createObjectNode().put("active", false).put("by", "settle, newer"), Instant.now());
        }));
        var p = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {   // a poll: button
            try { sTookVersion.await(); } catch (InterruptedException e) { throw new RuntimeException(e); }
            state.record(KnownState.BUTTON, "review-b", json.createObjectNode().put("active", true).put("by", "poll, older"), Instant.now());
            pLocked.countDown();
            // hold the button's row lock a while: the settle waits for it
            try { Thread.sleep(500); } catch (InterruptedException e) { throw new RuntimeException(e); }
        }));
        p.get(); s.get(); pool.shutdown();
        String db = QuarkusTransaction.requiringNew().call(() -> state.find(KnownState.BUTTON, "review-b").get().data().toString());
        assertEquals(db, state.item(KnownState.BUTTON, "review-b").get().data().toString());
    }
}
