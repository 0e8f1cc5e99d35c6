package io.switchboard.action;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.panache.common.Sort;
import io.switchboard.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/** The pending actions: queued by the engine in its transaction, claimed and settled by the worker. */
@ApplicationScoped
public class Outbox {

    @Inject
    ActionConfig config;

    @Inject
    AfterCommit afterCommit;

    @Inject
    io.switchboard.state.KnownState state;

    @Inject
    io.switchboard.Metrics metrics;

    @Inject
    Event<ActionsQueued> queued;

    /** Queues one resolved action, in the caller's (the engine's) transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Action enqueue(long executionId, int position, ActionSpec action) {
        Action row = new Action();
        row.executionId = executionId;
        row.position = position;
        row.type = action.type().wire();
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        action.params().forEach(params::set);
        row.params = params.toString();
        row.status = Action.PENDING;
        row.attempts = 0;
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        row.nextAttemptAt = row.createdAt;
        row.persist();
        afterCommit.signal(Outbox.class, () -> queued.fireAsync(new ActionsQueued(1)));
        return row;
    }

    /**
     * Claims due actions for this sender: pending ones whose time has come, and ones whose
     * sender's lease ran out (it crashed mid-send). Other replicas skip rows locked here.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Action> claimDue(Instant now) {
        List<Action> due = Action.<Action> find(
                "(status = ?1 and nextAttemptAt <= ?2) or (status = ?3 and claimedUntil < ?2)", Sort.by("id"),
                Action.PENDING, now, Action.SENDING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, config.batchSize()).list();
        for (Action action : due) {
            if (Action.SENDING.equals(action.status)) {
                recordLostAttempt(action, now);
            }
            action.status = Action.SENDING;
            action.claimedUntil = now.plus(config.claimLease());
            action.updatedAt = now;
        }
        return due;
    }

    /**
     * A claim whose lease ran out: its sender stopped (a crash, a kill) after claiming, maybe
     * after sending. That try is counted and recorded as "lost", so a request SnapCall may have
     * received twice shows up as a retry, never as nothing.
     */
    private static void recordLostAttempt(Action action, Instant now) {
        action.attempts++;
        ActionAttempt lost = new ActionAttempt();
        lost.actionId = action.id;
        lost.number = action.attempts;
        lost.outcome = "lost";
        lost.error = "the sender stopped before recording this try; SnapCall may have received it";
        lost.startedAt = action.updatedAt;
        lost.durationMs = 0;
        lost.persist();
    }

    /**
     * Records a worker round in one transaction: an attempt per action, each action's next
     * state, and what SnapCall told us about the agents and buttons it touched.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settleAll(ActionSender.Round round, Instant startedAt) {
        Instant now = Instant.now();
        round.updates().forEach(u -> state.record(u.kind(), u.key(), u.data(), now));
        round.results().forEach((id, result) -> settle(id, result, startedAt));
    }

    private void settle(long actionId, SendResult result, Instant startedAt) {
        Action action = Action.findById(actionId);
        if (action == null || !Action.SENDING.equals(action.status)) {
            return;
        }
        if (result.outcome() == SendResult.Outcome.DEFERRED) {
            action.status = Action.PENDING;
            action.claimedUntil = null;
            action.lastError = truncate(result.error(), 2000);
            action.nextAttemptAt = Instant.now().plus(result.retryAfter());
            action.updatedAt = Instant.now();
            return;
        }
        action.attempts++;
        ActionAttempt attempt = new ActionAttempt();
        attempt.actionId = actionId;
        attempt.number = action.attempts;
        attempt.method = result.method();
        attempt.target = truncate(result.target(), 2000);
        attempt.httpStatus = result.httpStatus() == 0 ? null : result.httpStatus();
        attempt.error = truncate(result.error(), 2000);
        attempt.startedAt = startedAt;
        attempt.durationMs = Duration.between(startedAt, Instant.now()).toMillis();
        Instant now = Instant.now();
        switch (result.outcome()) {
            case SUCCEEDED -> finish(action, Action.SUCCEEDED, null);
            case NO_CHANGE -> finish(action, Action.NO_CHANGE, null);
            case REFUSED -> finish(action, Action.FAILED, result.error());
            case DEFERRED -> throw new IllegalStateException("deferred results are settled above");
            case RETRY -> {
                if (action.attempts >= config.maxAttempts()) {
                    finish(action, Action.DEAD, result.error());
                } else {
                    action.status = Action.PENDING;
                    action.claimedUntil = null;
                    action.lastError = truncate(result.error(), 2000);
                    action.nextAttemptAt = now.plus(result.retryAfter() != null
                            ? result.retryAfter()
                            : Backoff.delay(config.backoff(), config.maxBackoff(), action.attempts));
                }
            }
        }
        attempt.outcome = Action.PENDING.equals(action.status) ? "retry" : action.status;
        action.updatedAt = now;
        attempt.persist();
        if (!Action.PENDING.equals(action.status)) {
            metrics.action(action.type, action.status, Duration.between(action.createdAt, now));
        }
    }

    private static void finish(Action action, String status, String error) {
        action.status = status;
        action.claimedUntil = null;
        action.lastError = truncate(error, 2000);
    }

    public long depth() {
        return Action.count("status in ?1", List.of(Action.PENDING, Action.SENDING));
    }

    public long dead() {
        return Action.count("status", Action.DEAD);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
