package io.switchboard.engine;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.switchboard.action.ActionViews;
import io.switchboard.action.ActionViews.ActionView;
import io.switchboard.rule.Decision;
import io.switchboard.web.ListFilter;
import io.switchboard.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The read side of traces: each execution with its actions and every attempt at them. */
@ApplicationScoped
public class ExecutionQueries {

    @Inject
    ActionViews actions;

    public record ExecutionView(long id, long eventId, long ruleId, String ruleName, long ruleVersion, String outcome,
            String detail, Boolean conditionValue, Instant createdAt, List<ActionView> actions) {
    }

    public Page<ExecutionView> list(int page, int size, Long rule, String outcome, Instant since) {
        Decision.Outcome wanted = outcome == null ? null : Arrays.stream(Decision.Outcome.values())
                .filter(o -> o.wire().equals(outcome)).findFirst().orElse(null);
        if (outcome != null && wanted == null) {
            return new Page<>(List.of(), page, size, 0);
        }
        ListFilter filter = new ListFilter().equal("ruleId", rule).equal("outcome", wanted).atLeast("createdAt", since);
        PanacheQuery<Execution> query = Execution.find(filter.where(),
                // Newest first by time: ids come in blocks per replica, so they are not in time order across replicas.
                Sort.by("createdAt").descending().and("id", Sort.Direction.Descending), filter.params());
        return new Page<>(query.page(page, size).list().stream().map(this::view).toList(), page, size, query.count());
    }

    public Optional<ExecutionView> find(long id) {
        return Execution.<Execution> findByIdOptional(id).map(this::view);
    }

    private ExecutionView view(Execution e) {
        return new ExecutionView(e.id, e.eventId, e.ruleId, e.ruleName, e.ruleVersion, e.outcome.wire(), e.detail,
                e.conditionValue, e.createdAt, actions.ofExecution(e.id));
    }
}
