package io.switchboard.rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A rule as the API shows it. Send {@code version} back on PUT: a stale one is refused with 409. */
@Schema(name = "Rule", example = """
        {"id": 1, "name": "Pause support when Alice goes offline", "description": null, "enabled": true,
         "trigger": {"type": "agent.status_changed"},
         "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
         "for": "PT2M", "cooldown": "PT5M",
         "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}],
         "created_at": "2026-11-25T10:00:00Z", "updated_at": "2026-11-25T10:00:00Z", "version": 0}""")
public record RuleView(Long id, String name, String description, boolean enabled, Trigger trigger, String condition,
        @JsonProperty("for") String holdFor, String cooldown, List<JsonNode> actions, Instant createdAt,
        Instant updatedAt, long version) {

    static RuleView of(Rule rule, JsonNode definition) {
        List<JsonNode> actions = new ArrayList<>();
        definition.path("actions").forEach(actions::add);
        return new RuleView(rule.id, rule.name, rule.description, rule.enabled,
                new Trigger(definition.path("trigger").path("type").asText(),
                        definition.path("trigger").path("cron").asText(null),
                        definition.path("trigger").path("timezone").asText(null),
                        definition.path("trigger").path("source").asText(null)),
                definition.path("condition").asText(null), definition.path("for").asText(null),
                definition.path("cooldown").asText(null), actions, rule.createdAt, rule.updatedAt, rule.version);
    }
}
