package io.switchboard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.switchboard.rule.Decision.HoldChange;
import io.switchboard.rule.Decision.Outcome;

/** The engine's and the dry run's one decision, at fixed instants: no database, no clock. */
class DecisionTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Supplier<CompiledRule.ConditionResult> TRUE = () -> new CompiledRule.ConditionResult(true, null);
    static final Supplier<CompiledRule.ConditionResult> FALSE = () -> new CompiledRule.ConditionResult(false, null);
    static final Supplier<CompiledRule.ConditionResult> NOT_EVALUATED = () -> fail("the condition must not be evaluated");

    static Decision.Facts facts(boolean enabled, Instant cooldownUntil, Duration holdFor, Instant holdSince) {
        return new Decision.Facts(enabled, cooldownUntil, holdFor, holdSince, NOW);
    }

    @Test
    void aDisabledRuleIsTracedWithoutEvaluatingItsCondition() {
        assertEquals(Outcome.DISABLED, Decision.decide(facts(false, null, null, null), NOT_EVALUATED).outcome());
    }

    @Test
    void aLiveCooldownWinsOverTheCondition() {
        var verdict = Decision.decide(facts(true, NOW.plusSeconds(60), null, null), NOT_EVALUATED);
        assertEquals(Outcome.COOLDOWN, verdict.outcome());
        assertNull(verdict.conditionValue());
    }

    @Test
    void anExpiredCooldownLetsTheRuleFire() {
        assertEquals(Outcome.FIRED, Decision.decide(facts(true, NOW, null, null), TRUE).outcome());
    }

    @Test
    void aFalseConditionCancelsAPendingTimer() {
        var verdict = Decision.decide(facts(true, null, Duration.ofMinutes(2), NOW.minusSeconds(30)), FALSE);
        assertEquals(Outcome.CONDITION_FALSE, verdict.outcome());
        assertEquals(HoldChange.CANCEL, verdict.hold());
        assertEquals(false, verdict.conditionValue());
    }

    @Test
    void aHoldingConditionStartsTheTimerOnceAndKeepsItsDueTime() {
        var first = Decision.decide(facts(true, null, Duration.ofMinutes(2), null), TRUE);
        assertEquals(Outcome.WAITING, first.outcome());
        assertEquals(HoldChange.START, first.hold());
        assertEquals(NOW.plus(Duration.ofMinutes(2)), first.holdDueAt());

        var again = Decision.decide(facts(true, null, Duration.ofMinutes(2), NOW.minusSeconds(30)), TRUE);
        assertEquals(HoldChange.NONE, again.hold());
        assertEquals(NOW.minusSeconds(30).plus(Duration.ofMinutes(2)), again.holdDueAt());
    }

    @Test
    void anEvaluationErrorIsTracedWithItsMessage() {
        var verdict = Decision.decide(facts(true, null, null, null),
                () -> new CompiledRule.ConditionResult(false, "no such key: status"));
        assertEquals(Outcome.EVALUATION_ERROR, verdict.outcome());
        assertEquals("no such key: status", verdict.detail());
    }

    @Test
    void aDueTimerFiresOnlyIfTheRuleIsEnabledAndTheConditionStillHolds() {
        assertEquals(Outcome.FIRED, Decision.settleHold(true, Duration.ofMinutes(2), TRUE).outcome());
        assertEquals(Outcome.HOLD_CANCELLED, Decision.settleHold(true, Duration.ofMinutes(2), FALSE).outcome());
        assertEquals(Outcome.DISABLED, Decision.settleHold(false, Duration.ofMinutes(2), NOT_EVALUATED).outcome());
    }
}
