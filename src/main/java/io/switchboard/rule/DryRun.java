package io.switchboard.rule;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a rule would do with a sample event — nothing is sent. {@code outcome}: {@code fired},
 * {@code waiting} (would fire once the condition held for {@code for}), {@code condition_false},
 * {@code not_candidate} (the event does not trigger it), {@code disabled}, {@code evaluation_error}.
 */
public record DryRun(Long ruleId, String rule, boolean candidate, String outcome, String reason,
        Condition condition, @JsonProperty("for") String holdFor, String cooldown, List<PlannedAction> actions) {

    /** The condition's value for this event, or the error evaluating it. */
    public record Condition(String source, Boolean value, String error) {
    }

    /**
     * One action: its parameters with templates resolved, and the exact request it would send
     * ({@code expected} is {@code send} or {@code no_change} when the known state already matches).
     */
    public record PlannedAction(String type, JsonNode params, String method, String target, JsonNode body,
            String expected, String note, String error) {
    }
}
