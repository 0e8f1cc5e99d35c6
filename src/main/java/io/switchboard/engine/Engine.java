package io.switchboard.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.Metrics;
import io.switchboard.RowInserts;
import io.switchboard.action.Action;
import io.switchboard.action.Outbox;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.Decision;
import io.switchboard.rule.EvaluationContext;
import io.switchboard.rule.RuleDefinition;
import io.switchboard.state.KnownState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Decides events in the transaction that stores them: a trace for each candidate rule, the
 * actions of those that fire queued in the outbox, {@code for} timers and cooldowns kept — so
 * either all of it is stored with the event or none, and an event is never half-decided.
 *
 * <p>What fires is {@link Decision}'s call (pure, shared with the dry run); this class reads
 * the facts it needs and writes what it decided. Cooldowns and timers are serialized per (rule,
 * subject) across writers and replicas: a batch first takes the {@link SubjectLocks} of every
 * pair it will decide, in one order, so two deciding at once cannot both fire — the second
 * waits for the first's commit — and cannot deadlock.
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
    Metrics metrics;

    @Inject
    Clock clock;

    @Inject
    EventStore events;

    @Inject
    SubjectLocks locks;

    @Inject
    EntityManager em;

    @Inject
    RowInserts inserts;

    /**
     * Decides a batch of events, in the caller's transaction. The rules and the known state are
     * read once for the batch: neither changes inside it (the engine writes neither).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decide(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        RuleIndex.Catalog catalog = rules.catalog();
        EvaluationContext.State known = state.evaluationState();
        lockSubjects(events, catalog);
        Written written = new Written();
        for (Event event : events) {
            decide(event, catalog, known, now, written);
            if (event.processedAt == null) {
                event.processedAt = now;
            }
        }
        written.store();
    }

    /**
     * The traces and actions a decision made, inserted together when it is done: one JDBC batch
     * per table ({@link RowInserts}), traces first (actions name them).
     */
    private final class Written {
        final List<Execution> traces = new ArrayList<>();
        final List<Action> actions = new ArrayList<>();

        void store() {
            inserts.insert(INSERT_TRACE, traces, Engine::values);
            outbox.store(actions);
        }
    }

    /** The pairs whose cooldown or timer the batch reads, locked before any is read (see {@link SubjectLocks}). */
    private void lockSubjects(List<Event> batch, RuleIndex.Catalog catalog) {
        List<Cooldown.Key> keys = new ArrayList<>();
        for (Event event : batch) {
            for (RuleIndex.Entry rule : catalog.candidates(event.type)) {
                if (keepsSubjectState(rule) && isCandidate(rule, events.fields(event))) {
                    keys.add(new Cooldown.Key(rule.id(), event.subject));
                }
            }
        }
        locks.lock(keys);
    }

    private static boolean keepsSubjectState(RuleIndex.Entry rule) {
        RuleDefinition definition = rule.compiled().definition();
        return rule.enabled() && (definition.cooldown() != null || definition.holdFor() != null);
    }

    private void decide(Event event, RuleIndex.Catalog catalog, EvaluationContext.State known, Instant now,
            Written written) {
        List<RuleIndex.Entry> candidates = catalog.candidates(event.type);
        if (candidates.isEmpty()) {
            return;
        }
        ObjectNode fields = events.fields(event);
        EvaluationContext context = EvaluationContext.of(fields, now, known);
        for (RuleIndex.Entry rule : candidates) {
            if (isCandidate(rule, fields)) {
                decide(rule, event, context, now, written);
            }
        }
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

    private void decide(RuleIndex.Entry rule, Event event, EvaluationContext context, Instant now, Written written) {
        RuleDefinition definition = rule.compiled().definition();
        // Rules without a cooldown or a timer cost no lookup at all; the others' rows are locked already.
        Cooldown cooldown = definition.cooldown() == null || !rule.enabled() ? null
                : em.find(Cooldown.class, new Cooldown.Key(rule.id(), event.subject), LockModeType.PESSIMISTIC_WRITE);
        Hold hold = definition.holdFor() == null || !rule.enabled() ? null
                : Hold.<Hold> find("ruleId = ?1 and subject = ?2", rule.id(), event.subject)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        Decision.Verdict verdict = Decision.decide(
                new Decision.Facts(rule.enabled(), cooldown == null ? null : cooldown.untilAt, definition.holdFor(),
                        hold == null ? null : hold.since, now),
                () -> rule.compiled().evaluateCondition(context));
        switch (verdict.hold()) {
            case START -> {
                Hold started = new Hold();
                started.ruleId = rule.id();
                started.subject = event.subject;
                started.eventId = event.id;
                started.since = now;
                started.dueAt = verdict.holdDueAt();
                started.persist();
            }
            case CANCEL -> hold.delete();
            case NONE -> {
                // the timer, if any, stays as it is
            }
        }
        if (verdict.outcome() == Decision.Outcome.FIRED) {
            fire(rule, event.id, event.subject, context, verdict, cooldown, now, written);
        } else {
            trace(rule, event.id, verdict, now, written);
        }
    }

    /**
     * Re-checks a due {@code for} timer against the current state; fires or gives up. The caller
     * locked its (rule, subject) pair ({@link SubjectLocks}) before the timer's row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settleHold(Hold hold) {
        Instant now = clock.instant();
        hold.delete();
        var rule = rules.find(hold.ruleId);
        Event event = Event.findById(hold.eventId);
        if (rule.isEmpty() || event == null) {
            return;
        }
        EvaluationContext context = EvaluationContext.of(events.fields(event), now, state.evaluationState());
        CompiledRule compiled = rule.get().compiled();
        Decision.Verdict verdict = Decision.settleHold(rule.get().enabled(), compiled.definition().holdFor(),
                () -> compiled.evaluateCondition(context));
        Written written = new Written();
        if (verdict.outcome() == Decision.Outcome.FIRED) {
            Cooldown cooldown = compiled.definition().cooldown() == null ? null
                    : em.find(Cooldown.class, new Cooldown.Key(hold.ruleId, hold.subject), LockModeType.PESSIMISTIC_WRITE);
            fire(rule.get(), event.id, hold.subject, context, verdict, cooldown, now, written);
        } else {
            trace(rule.get(), event.id, verdict, now, written);
        }
        written.store();
    }

    private void fire(RuleIndex.Entry rule, long eventId, String subject, EvaluationContext context,
            Decision.Verdict verdict, Cooldown cooldown, Instant now, Written written) {
        Execution execution = trace(rule, eventId, verdict, now, written);
        List<CompiledRule.ResolvedAction> actions = rule.compiled().resolveActions(context);
        for (int i = 0; i < actions.size(); i++) {
            CompiledRule.ResolvedAction resolved = actions.get(i);
            written.actions.add(outbox.enqueue(execution.id, i, resolved.action(), resolved.error()));
        }
        var quiet = rule.compiled().definition().cooldown();
        if (quiet != null) {
            if (cooldown == null) {
                // A unique (rule, subject) row: a replica firing at the same moment fails on the key and decides again.
                cooldown = new Cooldown();
                cooldown.ruleId = rule.id();
                cooldown.subject = subject;
                cooldown.untilAt = now.plus(quiet);
                cooldown.persist();
            } else {
                cooldown.untilAt = now.plus(quiet);
            }
        }
        metrics.firing(rule.id());
        LOG.debugf("rule %d '%s' fired on event %d (%s): %d action(s) queued", rule.id(), rule.name(), eventId,
                subject, actions.size());
    }

    private Execution trace(RuleIndex.Entry rule, long eventId, Decision.Verdict verdict, Instant now, Written written) {
        Execution execution = new Execution();
        execution.eventId = eventId;
        execution.ruleId = rule.id();
        execution.ruleName = rule.name();
        execution.ruleVersion = rule.version();
        execution.outcome = verdict.outcome();
        String detail = verdict.detail();
        execution.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
        execution.conditionValue = verdict.conditionValue();
        execution.createdAt = now;
        execution.id = inserts.nextId(execution);
        written.traces.add(execution);
        metrics.evaluation(rule.id(), verdict.outcome().wire());
        return execution;
    }

    private static final String INSERT_TRACE = "insert into executions (id, event_id, rule_id, rule_name, rule_version, "
            + "outcome, detail, condition_value, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static Object[] values(Execution execution) {
        return new Object[] { execution.id, execution.eventId, execution.ruleId, execution.ruleName,
            execution.ruleVersion, execution.outcome.wire(), execution.detail, execution.conditionValue,
            execution.createdAt };
    }
}
