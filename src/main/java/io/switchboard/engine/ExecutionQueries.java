package io.switchboard.engine;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.switchboard.action.ActionStatus;
import io.switchboard.action.ActionViews;
import io.switchboard.action.ActionViews.ActionView;
import io.switchboard.rule.Decision;
import io.switchboard.web.ListFilter;
import io.switchboard.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The read side of traces: each execution with its actions and every attempt at them. */
@ApplicationScoped
public class ExecutionQueries {

    @Inject
    ActionViews actions;

    @Inject
    EntityManager em;

    public record ExecutionView(long id, long eventId, long ruleId, String ruleName, long ruleVersion, String outcome,
            String detail, Boolean conditionValue, Instant createdAt, List<ActionView> actions) {
    }

    /** Traces, newest first; every filter is optional. {@code subject}: the subject of the traced event. */
    public Page<ExecutionView> list(int page, int size, Long rule, String outcome, Instant since) {
        return list(page, size, rule, outcome, null, since, null);
    }

    public Page<ExecutionView> list(int page, int size, Long rule, String outcome, String subject, Instant since,
            Instant until) {
        Decision.Outcome wanted = outcome == null ? null : Arrays.stream(Decision.Outcome.values())
                .filter(o -> o.wire().equals(outcome)).findFirst().orElse(null);
        if (outcome != null && wanted == null) {
            return new Page<>(List.of(), page, size, 0);
        }
        ListFilter filter = new ListFilter().equal("ruleId", rule).equal("outcome", wanted).atLeast("createdAt", since)
                .before("createdAt", until)
                .where("eventId in (select ev.id from Event ev where ev.subject = :subject)", subject);
        PanacheQuery<Execution> query = Execution.find(filter.where(),
                // Newest first by time: ids come in blocks per replica, so they are not in time order across replicas.
                Sort.by("createdAt").descending().and("id", Sort.Direction.Descending), filter.params());
        return new Page<>(query.page(page, size).list().stream().map(this::view).toList(), page, size, query.count());
    }

    /** What a rule did lately: when it last fired, and how often it fired and failed since a time. */
    public record RuleActivity(Instant lastFired, long firings, long errors) {
        static final RuleActivity NONE = new RuleActivity(null, 0, 0);
    }

    /**
     * Per rule: its last firing ever, its firings since {@code since}, and its errors since then —
     * evaluation errors and actions that failed or died. Three grouped queries over the rules'
     * index, whatever the number of rules.
     */
    public Map<Long, RuleActivity> activity(Collection<Long> ruleIds, Instant since) {
        if (ruleIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Instant> lastFired = new HashMap<>();
        Map<Long, Long> firings = new HashMap<>();
        Map<Long, Long> errors = new HashMap<>();
        em.createQuery("select e.ruleId, max(e.createdAt) from Execution e where e.ruleId in :ids and e.outcome = :fired"
                + " group by e.ruleId", Object[].class)
                .setParameter("ids", ruleIds).setParameter("fired", Decision.Outcome.FIRED).getResultList()
                .forEach(row -> lastFired.put((Long) row[0], (Instant) row[1]));
        em.createQuery("select e.ruleId, e.outcome, count(e) from Execution e where e.ruleId in :ids"
                + " and e.createdAt >= :since and e.outcome in :counted group by e.ruleId, e.outcome", Object[].class)
                .setParameter("ids", ruleIds).setParameter("since", since)
                .setParameter("counted", List.of(Decision.Outcome.FIRED, Decision.Outcome.EVALUATION_ERROR))
                .getResultList().forEach(row -> (row[1] == Decision.Outcome.FIRED ? firings : errors)
                        .merge((Long) row[0], (Long) row[2], Long::sum));
        em.createQuery("select e.ruleId, count(a) from Action a, Execution e where a.executionId = e.id"
                + " and e.ruleId in :ids and a.status in :bad and a.updatedAt >= :since group by e.ruleId", Object[].class)
                .setParameter("ids", ruleIds).setParameter("since", since)
                .setParameter("bad", List.of(ActionStatus.FAILED, ActionStatus.DEAD)).getResultList()
                .forEach(row -> errors.merge((Long) row[0], (Long) row[1], Long::sum));
        Map<Long, RuleActivity> out = new HashMap<>();
        for (Long id : ruleIds) {
            out.put(id, new RuleActivity(lastFired.get(id), firings.getOrDefault(id, 0L), errors.getOrDefault(id, 0L)));
        }
        return out;
    }

    /** Every trace of one event: each candidate rule and what it decided, in the order decided. */
    public List<ExecutionView> ofEvent(long eventId) {
        return Execution.<Execution> list("eventId", Sort.by("createdAt").and("id"), eventId).stream().map(this::view)
                .toList();
    }

    public Optional<ExecutionView> find(long id) {
        return Execution.<Execution> findByIdOptional(id).map(this::view);
    }

    private ExecutionView view(Execution e) {
        return new ExecutionView(e.id, e.eventId, e.ruleId, e.ruleName, e.ruleVersion, e.outcome.wire(), e.detail,
                e.conditionValue, e.createdAt, actions.ofExecution(e.id));
    }
}
