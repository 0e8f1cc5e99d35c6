package io.switchboard.snapcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.SandboxControl;
import io.switchboard.snapcall.model.Button;
import io.switchboard.snapcall.model.Call;
import io.switchboard.snapcall.model.CallQuery;
import jakarta.inject.Inject;

/**
 * The client against answers the reference allows but does not show: the sandbox answers a
 * read with the body under test (a fault with status 200), and the real client reads it.
 */
@QuarkusTest
class TolerantReadContractTest {

    static final Instant AT = Instant.parse("2026-11-28T02:11:16Z");

    @Inject
    SnapCallClient client;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void freshSandbox() {
        breakers.resetAll();
        SandboxControl.reset();
    }

    /** The next GET on {@code path} answers 200 with {@code body}. */
    static void answers(String path, String body) {
        SandboxControl.fault(Map.of("status", 200, "body", body, "method", "GET", "path", path, "count", 1));
    }

    @Test
    void theEnvelopeIsReadWithPagingNumbersGivenAsStrings() {
        answers("^/v2/buttons$", """
                {"data": [{"bid": "b1", "name": "One", "active": "false", "schedule_template_id": "12"}],
                 "page": "2", "limit": "1", "total": "7"}""");
        var page = client.listButtons(2, 1, null, null, null);
        assertEquals(List.of("b1"), page.data().stream().map(Button::bid).toList());
        assertEquals(false, page.data().get(0).active(), "a boolean written as a string");
        assertEquals(12L, page.data().get(0).scheduleTemplateId(), "a number written as a string");
        assertEquals(2, page.page());
        assertEquals(1, page.limit());
        assertEquals(7L, page.total());
        assertTrue(page.hasMore(2, 1));
    }

    @Test
    void aBareArrayIsAList() {
        answers("^/v2/buttons$", """
                [{"bid": "b1", "name": "One", "active": true}, {"bid": "b2", "name": "Two", "active": false}]""");
        var page = client.listButtons(1, 100, null, null, null);
        assertEquals(List.of("b1", "b2"), page.data().stream().map(Button::bid).toList());
        assertNull(page.total());
        assertEquals(List.of(), page.problems());
    }

    @Test
    void theOneArrayValuedKeyOfAnObjectIsTheList() {
        answers("^/v2/calls$", """
                {"calls": [{"id": 7, "bid": "b1", "status": "missed", "created_at": "2026-11-28T02:11:16Z"}], "count": 1}""");
        var page = client.listCalls(CallQuery.all().page(1, 100));
        assertEquals("7", page.data().get(0).id(), "a numeric id reads as a string");
    }

    @Test
    void anAnswerWithoutAListIsAnErrorNotAnEmptyPage() {
        answers("^/v2/buttons$", "{}");
        var empty = assertThrows(SnapCallException.Transient.class, () -> client.listButtons(1, 100, null, null, null));
        assertTrue(empty.getMessage().contains("no list in the answer"), empty.getMessage());
        answers("^/v2/buttons$", "{\"error\": \"maintenance\", \"retry\": true}");
        var error = assertThrows(SnapCallException.Transient.class, () -> client.listButtons(1, 100, null, null, null));
        assertTrue(error.getMessage().contains("keys error, retry"), error.getMessage());
        answers("^/v2/buttons$", "{\"a\": [], \"b\": []}");
        assertThrows(SnapCallException.Transient.class, () -> client.listButtons(1, 100, null, null, null),
                "two arrays: which one is the list cannot be told");
        answers("^/v2/buttons$", "\"buttons\"");
        assertThrows(SnapCallException.Transient.class, () -> client.listButtons(1, 100, null, null, null));
    }

    @Test
    void datesInEveryCommonFormAreRead() {
        long seconds = AT.getEpochSecond();
        answers("^/v2/calls$", """
                {"data": [
                  {"id": 1, "status": "missed", "created_at": "2026-11-28T02:11:16Z"},
                  {"id": 2, "status": "missed", "created_at": "2026-11-28T03:11:16+01:00"},
                  {"id": 3, "status": "missed", "created_at": "2026-11-28T02:11:16"},
                  {"id": 4, "status": "missed", "created_at": "2026-11-28 02:11:16"},
                  {"id": 5, "status": "missed", "created_at": %d},
                  {"id": 6, "status": "missed", "created_at": %d},
                  {"id": 7, "status": "missed", "created_at": "%d"}]}""".formatted(seconds, seconds * 1000, seconds));
        var page = client.listCalls(CallQuery.all().page(1, 100));
        assertEquals(7, page.data().size());
        page.data().forEach(call -> assertEquals(AT, call.createdAt(), "call " + call.id()));
        assertEquals(List.of(), page.problems());
    }

    @Test
    void numbersGivenAsStringsAreRead() {
        answers("^/v2/calls$", """
                [{"id": "9", "status": "completed", "duration": "12.5", "rate": "4", "created_at": "2026-11-28 02:11:16",
                  "ended_at": "2026-11-28 02:11:28"}]""");
        Call call = client.listCalls(CallQuery.all().page(1, 100)).data().get(0);
        assertEquals(12.5, call.duration());
        assertEquals(4.0, call.rate());
        assertEquals(AT.plusSeconds(12), call.endedAt());
    }

    @Test
    void oneUnreadableFieldIsReadAsNullAndReportedTheRestOfThePageStands() {
        answers("^/v2/calls$", """
                {"data": [
                  {"id": 1, "status": "missed", "duration": "twelve", "created_at": "2026-11-28T02:11:16Z", "ended_at": "soon"},
                  {"id": 2, "status": "missed", "duration": 3, "created_at": "2026-11-28T02:11:16Z"}]}""");
        var page = client.listCalls(CallQuery.all().page(1, 100));
        assertEquals(2, page.data().size());
        Call first = page.data().get(0);
        assertNull(first.duration());
        assertNull(first.endedAt());
        assertEquals(AT, first.createdAt(), "the readable fields of the same item are kept");
        assertEquals(2, page.problems().size(), page.problems().toString());
        assertTrue(page.problems().get(0).startsWith("call 1: "), page.problems().toString());
        assertTrue(String.join(" ", page.problems()).contains("duration unreadable (\"twelve\"), read as null"),
                page.problems().toString());
        assertEquals(3.0, page.data().get(1).duration());
    }

    @Test
    void itemsWithoutTheirIdOrNotObjectsAreSkippedAndReported() {
        answers("^/v2/buttons$", """
                {"data": [{"name": "no bid"}, "b9", {"bid": "", "name": "blank"}, {"bid": "b1", "name": "ok"}], "total": 4}""");
        var page = client.listButtons(1, 100, null, null, null);
        assertEquals(List.of("b1"), page.data().stream().map(Button::bid).toList());
        assertEquals(4, page.listed());
        assertEquals(List.of("button #1 has no bid: skipped", "button #2 is not an object (string): skipped",
                "button #3 has no bid: skipped"), page.problems());
    }

    @Test
    void aSingleAgentMayComeWrappedInData() {
        answers("^/v2/agents/", """
                {"data": {"email": "alice@example.com", "status": "busy", "wrap_up_time": "30"}}""");
        var read = client.readAgent("alice@example.com");
        assertEquals("busy", read.value().status());
        assertEquals(30L, read.value().wrapUpTime());
    }

    @Test
    void unreadableAnswersDoNotOpenTheCircuitActionsShare() {
        SandboxControl.fault(Map.of("malformed", true, "method", "GET", "path", "^/v2/buttons$", "count", 30));
        for (int i = 0; i < 30; i++) {
            var e = assertThrows(SnapCallException.Transient.class, () -> client.listButtons(1, 100, null, null, null));
            assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        }
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(SnapCallBreaker.NAME),
                "30 answers we could not read say nothing about SnapCall's health");
        assertEquals("demo@switchboard.example", client.me().email());
    }
}
