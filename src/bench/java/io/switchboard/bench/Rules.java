package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.RuleCompiler;

/** Typical rules and events of the benchmarks, compiled by the production compiler. */
final class Rules {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleCompiler COMPILER = new RuleCompiler();

    private Rules() {
    }

    static CompiledRule compile(String json) {
        try {
            return COMPILER.compile(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String AGENT_OFFLINE = """
            {"name": "Alice offline", "trigger": {"type": "agent.status_changed"},
             "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
             "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""";

    static final String STATE_LOOKUP = """
            {"name": "Hand over", "trigger": {"type": "agent.status_changed"},
             "condition": "event.status == 'offline' && agents['bob@example.com'].status == 'online' && buttons[event.button].active",
             "actions": [{"type": "button.set_active", "button": "{{ event.button }}", "active": false}]}""";

    static final String MISSED_CALLS = """
            {"name": "Missed calls", "trigger": {"type": "call.updated"},
             "condition": "calls.filter(c, c.status == 'missed' && now - c.created_at < duration('15m')).size() >= 3",
             "actions": [{"type": "button.set_active", "button": "{{ event.button }}", "active": false}]}""";

    static final String TEMPLATED = """
            {"name": "Templated", "trigger": {"type": "call.created"},
             "actions": [{"type": "agent.update", "agent": "{{ event.payload.agent }}", "wrap_up_time": "{{ event.payload.n * 2 }}"},
                         {"type": "button.update", "button": "{{ event.button }}",
                          "fields": {"name": "{{ buttons[event.button].name }} ({{ event.status }})"}}]}""";
}
