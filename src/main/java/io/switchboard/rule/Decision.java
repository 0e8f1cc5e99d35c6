package io.switchboard.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonValue;

import io.switchboard.LowerCaseEnumConverter;
import jakarta.persistence.Converter;

/**
 * What a rule does with an event it is a candidate for — a pure function of the facts, so the
 * engine and the dry run cannot drift apart. Checked in this order: disabled → cooldown →
 * condition → hold ({@code for}) → fire. The condition is evaluated only when it matters.
 */
public final class Decision {

    private Decision() {
    }

    /** The trace outcome of one rule meeting one event. */
    public enum Outcome {
        FIRED, CONDITION_FALSE, COOLDOWN, WAITING, DISABLED, EVALUATION_ERROR, HOLD_CANCELLED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Converter(autoApply = true)
        public static class Column extends LowerCaseEnumConverter<Outcome> {
            public Column() {
                super(Outcome.class);
            }
        }
    }

    /** What to do with the rule's pending {@code for} timer for this subject. */
    public enum HoldChange {
        NONE, START, CANCEL
    }

    /**
     * The facts about the rule and subject at {@code now}: {@code cooldownUntil} and
     * {@code holdSince} are null when there is none.
     */
    public record Facts(boolean enabled, Instant cooldownUntil, Duration holdFor, Instant holdSince, Instant now) {
    }

    /** The outcome, the trace's detail, the condition's value (null when not evaluated or failed), and the timer change. */
    public record Verdict(Outcome outcome, String detail, Boolean conditionValue, HoldChange hold, Instant holdDueAt) {
    }

    public static Verdict decide(Facts facts, Supplier<CompiledRule.ConditionResult> condition) {
        if (!facts.enabled()) {
            return new Verdict(Outcome.DISABLED, "the rule is disabled", null, HoldChange.NONE, null);
        }
        if (facts.cooldownUntil() != null && facts.cooldownUntil().isAfter(facts.now())) {
            return new Verdict(Outcome.COOLDOWN, "fired for this subject recently; quiet until " + facts.cooldownUntil(),
                    null, HoldChange.NONE, null);
        }
        CompiledRule.ConditionResult result = condition.get();
        if (result.error() != null) {
            return new Verdict(Outcome.EVALUATION_ERROR, result.error(), null, HoldChange.NONE, null);
        }
        if (!result.value()) {
            return facts.holdSince() == null
                    ? new Verdict(Outcome.CONDITION_FALSE, "the condition is false", false, HoldChange.NONE, null)
                    : new Verdict(Outcome.CONDITION_FALSE, "the condition is false; the pending " + facts.holdFor()
                            + " timer was cancelled", false, HoldChange.CANCEL, null);
        }
        if (facts.holdFor() != null) {
            Instant since = facts.holdSince() == null ? facts.now() : facts.holdSince();
            Instant due = since.plus(facts.holdFor());
            return new Verdict(Outcome.WAITING, "the condition holds since " + since + "; the actions run at " + due
                    + " if it still holds", true, facts.holdSince() == null ? HoldChange.START : HoldChange.NONE, due);
        }
        return new Verdict(Outcome.FIRED, "the condition holds", true, HoldChange.NONE, null);
    }

    /** A due {@code for} timer: fire if the rule is still enabled and its condition still holds. */
    public static Verdict settleHold(boolean enabled, Duration holdFor, Supplier<CompiledRule.ConditionResult> condition) {
        if (!enabled) {
            return new Verdict(Outcome.DISABLED, "the rule was disabled while waiting", null, HoldChange.NONE, null);
        }
        CompiledRule.ConditionResult result = condition.get();
        if (result.error() != null) {
            return new Verdict(Outcome.HOLD_CANCELLED, result.error(), null, HoldChange.NONE, null);
        }
        if (!result.value()) {
            return new Verdict(Outcome.HOLD_CANCELLED, "the condition stopped holding before " + holdFor, false,
                    HoldChange.NONE, null);
        }
        return new Verdict(Outcome.FIRED, "the condition held for " + holdFor, true, HoldChange.NONE, null);
    }
}
