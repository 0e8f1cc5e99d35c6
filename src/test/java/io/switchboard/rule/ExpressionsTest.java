package io.switchboard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The CEL environment on its own: types, positions of errors, limits, SnapCall timestamps. */
class ExpressionsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void missedCallsLevelConditionWorksOnSnapCallTimestamps() throws Exception {
        var condition = Expressions.condition(
                "calls.filter(c, c.status == 'missed' && now - c.created_at < duration('15m')).size() >= 2");
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        var calls = JSON.readTree("""
                [{"status": "missed", "created_at": "2026-11-25T09:50:00Z"},
                 {"status": "missed", "created_at": "2026-11-25T09:58:00Z"},
                 {"status": "missed", "created_at": "2026-11-25T09:00:00Z"}]""");
        var context = EvaluationContext.of(JSON.createObjectNode(), now, null, null, calls);
        assertEquals(true, condition.evaluate(context.variables()));
        var older = EvaluationContext.of(JSON.createObjectNode(), now.plusSeconds(600), null, null, calls);
        assertEquals(false, condition.evaluate(older.variables()));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        var e = assertThrows(Expressions.Invalid.class, () -> Expressions.condition("event.agent == \n 'x' &&"));
        assertEquals(2, e.issues().get(0).line());
        assertEquals(8, e.issues().get(0).column(), "just after the dangling &&");
    }

    @Test
    void conditionMustBeABool() {
        var e = assertThrows(Expressions.Invalid.class, () -> Expressions.condition("1 + 2"));
        assertTrue(e.issues().get(0).message().contains("expected type 'bool'"), e.issues().toString());
    }

    @Test
    void undeclaredVariablesAreRefused() {
        var e = assertThrows(Expressions.Invalid.class, () -> Expressions.condition("evnt.agent == 'a'"));
        assertTrue(e.issues().get(0).message().contains("undeclared reference"), e.issues().toString());
    }

    @Test
    void overlongExpressionIsRefusedBeforeParsing() {
        String longOne = "true" + " && true".repeat(Expressions.MAX_LENGTH / 8);
        assertThrows(Expressions.Invalid.class, () -> Expressions.condition(longOne));
    }

    @Test
    void runawayComprehensionStopsAtTheIterationCap() throws Exception {
        var expensive = Expressions.condition("calls.all(a, calls.all(b, calls.all(c, true)))");
        List<Object> calls = Collections.nCopies(100, (Object) Map.of());
        var e = assertThrows(Exception.class, () -> expensive.evaluate(Map.of("calls", calls)));
        assertTrue(e.getMessage().toLowerCase().contains("iteration budget"), e.getMessage());
    }

    @Test
    void aLevelConditionOverTheMostCallsAConditionSeesFitsTheIterationBudget() throws Exception {
        var arrayNode = JSON.createArrayNode();
        for (int i = 0; i < EvaluationContext.MAX_CALLS + 500; i++) {
            arrayNode.addObject().put("id", i).put("status", i % 2 == 0 ? "missed" : "completed");
        }
        var context = EvaluationContext.of(JSON.createObjectNode(), Instant.now(), null, null, arrayNode);
        assertEquals(EvaluationContext.MAX_CALLS, context.calls().size(), "the most recent calls only");
        var twoPasses = Expressions.condition(
                "calls.filter(c, c.status == 'missed').size() + calls.filter(c, c.status == 'completed').size() == "
                        + EvaluationContext.MAX_CALLS);
        assertEquals(true, twoPasses.evaluate(context.variables()), "full passes over every call a condition sees fit");
        var nested = Expressions.condition("calls.exists(a, calls.exists(b, a.id == b.id + 1 && b.id < 0))");
        var e = assertThrows(Exception.class, () -> nested.evaluate(context.variables()));
        assertTrue(e.getMessage().toLowerCase().contains("iteration budget"), e.getMessage());
    }
}
