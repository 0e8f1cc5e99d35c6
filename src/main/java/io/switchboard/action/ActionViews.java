package io.switchboard.action;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The read side of actions: each with every attempt at it, as traces and the retry answer show them. */
@ApplicationScoped
public class ActionViews {

    @Inject
    ObjectMapper json;

    public record AttemptView(int number, String method, String target, String outcome, Integer httpStatus,
            String error, Instant startedAt, long durationMs) {
    }

    public record ActionView(long id, long executionId, int position, String type, JsonNode params, String status,
            int attempts, Instant nextAttemptAt, String lastError, List<AttemptView> attemptLog) {
    }

    /** The actions one firing queued, in their order. */
    public List<ActionView> ofExecution(long executionId) {
        return Action.<Action> list("executionId", Sort.by("position"), executionId).stream().map(this::view).toList();
    }

    /** Dead actions (retries exhausted), most recently given up first. */
    public List<ActionView> dead(int limit) {
        return Action.<Action> find("status", Sort.by("updatedAt").descending().and("id", Sort.Direction.Descending),
                ActionStatus.DEAD).page(0, limit).list().stream().map(this::view).toList();
    }

    public Optional<ActionView> find(long id) {
        return Action.<Action> findByIdOptional(id).map(this::view);
    }

    private ActionView view(Action a) {
        List<AttemptView> attempts = ActionAttempt.<ActionAttempt> list("actionId", Sort.by("number"), a.id).stream()
                .map(t -> new AttemptView(t.number, t.method, t.target, t.outcome.wire(), t.httpStatus, t.error,
                        t.startedAt, t.durationMs))
                .toList();
        return new ActionView(a.id, a.executionId, a.position, a.type, parse(a.params), a.status.wire(), a.attempts,
                a.nextAttemptAt, a.lastError, attempts);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
