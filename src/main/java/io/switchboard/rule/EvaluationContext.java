package io.switchboard.rule;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a condition or template sees: {@code event}, {@code now}, and the last known
 * {@code agents} (email → agent), {@code buttons} (bid → button) and recent {@code calls} — the
 * {@value #MAX_CALLS} most recent at most, oldest first, so that the iteration budget of
 * {@link Expressions} covers several full passes over them whatever the account's traffic.
 */
public record EvaluationContext(Map<String, Object> event, Instant now, Map<String, Object> agents,
        Map<String, Object> buttons, List<Object> calls) {

    /** The most calls a condition sees (the most recent of the calls window). */
    public static final int MAX_CALLS = 5_000;

    /** The last {@link #MAX_CALLS} of a list ordered oldest first. */
    public static <T> List<T> latest(List<T> oldestFirst) {
        int size = oldestFirst.size();
        return size <= MAX_CALLS ? oldestFirst : oldestFirst.subList(size - MAX_CALLS, size);
    }

    /** The known state, converted for CEL once and shared by every evaluation until it changes. */
    public record State(Map<String, Object> agents, Map<String, Object> buttons, List<Object> calls) {

        @SuppressWarnings("unchecked")
        public static State of(JsonNode agents, JsonNode buttons, JsonNode calls) {
            return new State((Map<String, Object>) asMap(agents), (Map<String, Object>) asMap(buttons),
                    calls == null || !calls.isArray() ? List.of() : latest((List<Object>) CelValues.fromJson(calls)));
        }
    }

    public static EvaluationContext of(JsonNode event, Instant now, JsonNode agents, JsonNode buttons, JsonNode calls) {
        return of(event, now, State.of(agents, buttons, calls));
    }

    @SuppressWarnings("unchecked")
    public static EvaluationContext of(JsonNode event, Instant now, State state) {
        return new EvaluationContext((Map<String, Object>) asMap(event), now, state.agents(), state.buttons(),
                state.calls());
    }

    private static Object asMap(JsonNode node) {
        return node == null || !node.isObject() ? Map.of() : CelValues.fromJson(node);
    }

    public Map<String, Object> variables() {
        return Map.of("event", event, "now", now, "agents", agents, "buttons", buttons, "calls", calls);
    }
}
