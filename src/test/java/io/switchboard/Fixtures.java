package io.switchboard;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.action.Action;
import io.switchboard.action.ActionDispatcher;
import io.switchboard.action.ActionAttempt;
import io.switchboard.engine.Cooldown;
import io.switchboard.engine.Execution;
import io.switchboard.engine.RuleIndex;
import io.switchboard.engine.Hold;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.switchboard.event.Event;
import io.switchboard.intake.AgentPoller;
import io.switchboard.intake.ButtonPoller;
import io.switchboard.intake.CallPoller;
import io.switchboard.intake.PollRunner;
import io.switchboard.intake.PollCursor;
import io.switchboard.intake.ScheduleMark;
import io.switchboard.rule.Decision;
import io.switchboard.rule.Rule;
import io.switchboard.state.KnownState;
import io.switchboard.state.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;

/** Empties every table the loop writes, so each end-to-end test starts from nothing. */
@ApplicationScoped
public class Fixtures {

    @Inject
    EntityManager em;

    @Inject
    ActionDispatcher dispatcher;


    @Inject
    KnownState state;

    @Inject
    RuleIndex rules;

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @Inject
    AgentPoller agents;

    @Inject
    CallPoller calls;

    @Inject
    CircuitBreakerMaintenance breakers;

    /** Empties the tables and what the loop holds in memory about them. */
    public void clean() {
        QuarkusTransaction.requiringNew().run(this::emptyTables);
        dispatcher.forgetAll();
        rules.invalidate();
        state.reload();
    }

    /**
     * A fresh loop for an end-to-end test: circuit closed, tables and memory empty, the sandbox
     * reset, its buttons, agents and calls read once as the baseline, its request log cleared.
     */
    public void freshLoop() {
        breakers.resetAll();
        clean();
        SandboxControl.reset();
        runner.run(buttons, true);
        runner.run(agents, true);
        runner.run(calls, true);
        SandboxControl.sandbox().delete("/sandbox/_control/requests");
    }

    void emptyTables() {
        ActionAttempt.deleteAll();
        Action.deleteAll();
        Execution.deleteAll();
        Hold.deleteAll();
        Cooldown.deleteAll();
        Event.deleteAll();
        Snapshot.deleteAll();
        PollCursor.deleteAll();
        ScheduleMark.deleteAll();
        Rule.deleteAll();
    }


    /** A stored event, processed already (the engine, running in tests, takes only unprocessed ones); in the caller's transaction. */
    public static long processedEvent(Instant receivedAt) {
        Event event = new Event();
        event.type = "agent.status_changed";
        event.source = "poll:agents";
        event.subject = "alice@example.com";
        event.dedupeKey = "test:" + UUID.randomUUID();
        event.payload = "{}";
        event.occurredAt = receivedAt;
        event.receivedAt = receivedAt;
        event.processedAt = receivedAt;
        event.persist();
        return event.id;
    }

    /** The trace of a rule that fired on the event; in the caller's transaction. */
    public static long firedExecution(long eventId, Instant at) {
        Execution execution = new Execution();
        execution.eventId = eventId;
        execution.ruleId = 7;
        execution.ruleName = "Support follows Alice";
        execution.ruleVersion = 1;
        execution.outcome = Decision.Outcome.FIRED;
        execution.createdAt = at;
        execution.persist();
        return execution.id;
    }
}
