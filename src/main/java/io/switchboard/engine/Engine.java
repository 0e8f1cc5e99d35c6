package io.switchboard.engine;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.action.Action;
import io.switchboard.action.Outbox;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.EvaluationContext;
import io.switchboard.rule.RuleDefinition;
import io.switchboard.state.KnownState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Meets an event with its candidate rules, in the caller's transaction: a trace for each, the
 * actions of those that fire queued in the outbox, {@code for} timers and cooldowns kept — so
 * either all of it is stored or none, and an event is never half-evaluated.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    @Inject
    RuleIndex rules;

    @Inject
    KnownState state;

    @Inject
    Outbox outbox;

    @Inject
    io.switchboard.Metrics metrics;

    /**
     * A batch of events, in the caller's transaction. The rules and the known state are read
     * once for the batch: neither changes inside it (the engine writes neither).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void process(List<Event> events, Instant now) {
        RuleIndex.Catalog catalog = rules.catalog();
        EvaluationContext.State known = state.evaluationState();
        for (Event event : events) {
            process(event, catalog, known, now);
        }
    }

    private void process(Event event, RuleIndex.Catalog catalog, EvaluationContext.State known, Instant now) {
        ObjectNode fields = EventStore.fields(event);
        EvaluationContext context = EvaluationContext.of(fields, now, known);
        for (RuleIndex.Entry rule : catalog.candidates(event.type)) {
            if (isCandidate(rule, fields)) {
                evaluate(rule, event, context, now);
            }
        }
        event.processedAt = now;
    }

    /** A schedule event is for its own rule only; a webhook event for the rules of its source. */
    public static boolean isCandidate(RuleIndex.Entry rule, JsonNode event) {
        var trigger = rule.compiled().definition().trigger();
        return switch (trigger.kind()) {
            case SCHEDULE -> event.path("rule").asLong(-1) == rule.id();
            case WEBHOOK -> trigger.source().equals(event.path("source").asText());
            default -> true;
        };
    }

    private void evaluate(RuleIndex.Entry rule, Event event, EvaluationContext context, Instant now) {
        RuleDefinition definition = rule.compiled().definition();
        if (!rule.enabled()) {
            trace(rule, event.id, Execution.DISABLED, "the rule is disabled", null, now);
            return;
        }
        Cooldown cooldown = Cooldown.findById(new Cooldown.Key(rule.id(), event.subject));
        if (cooldown != null && cooldown.untilAt.isAfter(now)) {
            trace(rule, event.id, Execution.COOLDOWN, "fired for " + event.subject + " recently; quiet until "
                    + cooldown.untilAt, null, now);
            return;
        }
        CompiledRule.ConditionResult result = rule.compiled().evaluateCondition(context);
        Hold hold = Hold.find("ruleId = ?1 and subject = ?2", rule.id(), event.subject).firstResult();
        if (result.error() != null) {
            trace(rule, event.id, Execution.EVALUATION_ERROR, result.error(), null, now);
            return;
        }
        if (!result.value()) {
            String detail = "the condition is false";
            if (hold != null) {
                hold.delete();
                detail += "; the pending " + definition.holdFor() + " timer was cancelled";
            }
            trace(rule, event.id, Execution.CONDITION_FALSE, detail, false, now);
            return;
        }
        if (definition.holdFor() != null) {
            if (hold == null) {
                hold = new Hold();
                hold.ruleId = rule.id();
                hold.subject = event.subject;
                hold.eventId = event.id;
                hold.since = now;
                hold.dueAt = now.plus(definition.holdFor());
                hold.persist();
            }
            trace(rule, event.id, Execution.WAITING, "the condition holds since " + hold.since
                    + "; the actions run at " + hold.dueAt + " if it still holds", true, now);
            return;
        }
        fire(rule, event.id, event.subject, context, "the condition holds", now);
    }

    /** Re-checks a due {@code for} timer against the current state; fires or gives up. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settleHold(Hold hold, Instant now) {
        hold.delete();
        var rule = rules.find(hold.ruleId);
        Event event = Event.findById(hold.eventId);
        if (rule.isEmpty() || event == null) {
            return;
        }
        if (!rule.get().enabled()) {
            trace(rule.get(), event.id, Execution.DISABLED, "the rule was disabled while waiting", null, now);
            return;
        }
        EvaluationContext context = context(EventStore.fields(event), now);
        CompiledRule.ConditionResult result = rule.get().compiled().evaluateCondition(context);
        if (!result.holds()) {
            trace(rule.get(), event.id, Execution.HOLD_CANCELLED, result.error() != null ? result.error()
                    : "the condition stopped holding before " + rule.get().compiled().definition().holdFor(),
                    result.error() == null ? false : null, now);
            return;
        }
        fire(rule.get(), event.id, hold.subject, context, "the condition held for "
                + rule.get().compiled().definition().holdFor(), now);
    }

    private void fire(RuleIndex.Entry rule, long eventId, String subject, EvaluationContext context, String why,
            Instant now) {
        Execution execution = trace(rule, eventId, Execution.FIRED, why, true, now);
        List<CompiledRule.ResolvedAction> actions = rule.compiled().resolveActions(context);
        for (int i = 0; i < actions.size(); i++) {
            CompiledRule.ResolvedAction resolved = actions.get(i);
            Action queued = outbox.enqueue(execution.id, i, resolved.action());
            if (resolved.error() != null) {
                queued.status = Action.FAILED;
                queued.lastError = resolved.error();
            }
        }
        var cooldown = rule.compiled().definition().cooldown();
        if (cooldown != null) {
            Cooldown quiet = Cooldown.findById(new Cooldown.Key(rule.id(), subject));
            if (quiet == null) {
                quiet = new Cooldown();
                quiet.ruleId = rule.id();
                quiet.subject = subject;
                quiet.untilAt = now.plus(cooldown);
                quiet.persist();
            } else {
                quiet.untilAt = now.plus(cooldown);
            }
        }
        metrics.firing(rule.id());
        LOG.infof("rule %d '%s' fired on event %d (%s): %d action(s) queued", rule.id(), rule.name(), eventId, subject,
                actions.size());
    }

    private Execution trace(RuleIndex.Entry rule, long eventId, String outcome, String detail, Boolean value,
            Instant now) {
        Execution execution = new Execution();
        execution.eventId = eventId;
        execution.ruleId = rule.id();
        execution.ruleName = rule.name();
        execution.ruleVersion = rule.version();
        execution.outcome = outcome;
        execution.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
        execution.conditionValue = value;
        execution.createdAt = now;
        execution.persist();
        metrics.evaluation(rule.id(), outcome);
        return execution;
    }

    private EvaluationContext context(ObjectNode fields, Instant now) {
        return EvaluationContext.of(fields, now, state.evaluationState());
    }
}
