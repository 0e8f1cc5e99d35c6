package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.web.Problem.FieldError;
import jakarta.ws.rs.core.MultivaluedHashMap;

/** The editor's form as rule JSON: types by action parameter, templates kept, JSON parameters parsed. */
class RuleFormTest {

    static MultivaluedHashMap<String, String> form(String... pairs) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void postedFieldsBecomeTheRuleTheApiTakes() {
        List<FieldError> errors = new ArrayList<>();
        JsonNode rule = RuleForm.parse(form("id", "7", "version", "3", "name", "Pause", "enabled", "true",
                "trigger", "agent.status_changed", "condition", "event.status == 'offline'", "for", "PT2M",
                "cron", "ignored for this trigger", "actions[4].type", "button.set_active",
                "actions[4].button", "{{ event.button }}", "actions[4].active", "false",
                "actions[9].type", "agent.update", "actions[9].agent", "bob@example.com",
                "actions[9].wrap_up_time", "120")).toJson(errors);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals("Pause", rule.path("name").asText());
        assertEquals(3, rule.path("version").asLong());
        assertFalse(rule.path("trigger").has("cron"), "only the trigger's own fields");
        assertEquals("PT2M", rule.path("for").asText());
        assertEquals("{{ event.button }}", rule.path("actions").get(0).path("button").asText(), "templates stay text");
        assertTrue(rule.path("actions").get(0).path("active").isBoolean());
        assertTrue(rule.path("actions").get(1).path("wrap_up_time").isNumber());
        assertFalse(rule.path("actions").get(1).has("last_bridge_end"), "blank parameters are left out");
    }

    @Test
    void anUnreadableJsonParameterIsAFieldError() {
        List<FieldError> errors = new ArrayList<>();
        RuleForm.parse(form("name", "x", "trigger", "button.updated", "actions[0].type", "button.update",
                "actions[0].button", "b", "actions[0].fields", "{name: oops")).toJson(errors);
        assertEquals("actions[0].fields", errors.get(0).field());
    }

    @Test
    void errorsLandOnTheirActionParameter() {
        RuleForm marked = RuleForm.blank().withErrors(Map.of("actions[0].button", "is required"));
        assertEquals("is required", marked.actions().get(0).params().get(0).error());
        assertEquals(1, marked.nextIndex());
    }

    @Test
    void theConditionCheckPointsAtTheCharacter() {
        var issues = ConditionCheck.check("event.agent == 'a' &&\nevent.status = 'b'");
        assertEquals(2, issues.get(0).line());
        assertEquals("=", issues.get(0).at());
        assertEquals("event.status ", issues.get(0).before());
        assertTrue(ConditionCheck.check("event.status == 'b'").isEmpty());
        assertTrue(ConditionCheck.check("  ").isEmpty());
    }
}
