package io.switchboard.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.Tick;
import io.switchboard.engine.Engine;
import io.switchboard.engine.RuleIndex;
import io.switchboard.event.EventDraft;
import io.switchboard.event.EventStore;
import io.switchboard.rule.CronSchedule;
import io.switchboard.rule.Rule;
import io.switchboard.rule.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Emits a {@code schedule} event when a schedule rule's cron time is reached, in its time zone:
 * once per due time (the dedupe key and the rule's mark, locked, see to that across replicas),
 * and once — for the latest — when several were missed while the service was down.
 */
@ApplicationScoped
public class ScheduleTicker {

    @Inject
    RuleIndex rules;

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Tick
    @Scheduled(every = "${switchboard.schedule.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @ActivateRequestContext
    void tick() {
        tickAt(clock.instant());
    }

    /** Emits the events due at {@code now}; returns how many. */
    public int tickAt(Instant now) {
        int emitted = 0;
        for (RuleIndex.Entry rule : rules.candidates("schedule")) {
            if (!rule.enabled()) {
                continue;
            }
            Trigger trigger = rule.compiled().definition().trigger();
            Optional<Instant> due = CronSchedule.parse(trigger.cron(), trigger.zone()).lastAtOrBefore(now);
            if (due.isPresent()) {
                emitted += QuarkusTransaction.requiringNew().call(() -> emitIfDue(rule.id(), due.get()));
            }
        }
        return emitted;
    }

    private int emitIfDue(long ruleId, Instant due) {
        ScheduleMark mark = ScheduleMark.findById(ruleId, LockModeType.PESSIMISTIC_WRITE);
        if (mark == null) {
            // First sight of this rule: times before it was saved are not "missed".
            Rule rule = Rule.findById(ruleId);
            if (rule == null) {
                return 0;
            }
            mark = new ScheduleMark();
            mark.ruleId = ruleId;
            mark.lastDueAt = rule.updatedAt;
            mark.persist();
        }
        if (!due.isAfter(mark.lastDueAt)) {
            return 0;
        }
        ObjectNode fields = json.createObjectNode();
        fields.put("scheduled_at", due.toString());
        fields.put("rule", ruleId);
        // Decide on commit: the tick is stored and decided with the mark that makes it once.
        engine.decide(events.append(new EventDraft("schedule", "schedule", "rule:" + ruleId,
                "schedule:" + ruleId + ":" + due, fields, due)).stream().toList());
        mark.lastDueAt = due;
        return 1;
    }
}
