package io.switchboard.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.EvaluationContext;

/** Nanoseconds to evaluate the condition of typical rules (target: under 5 µs). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConditionBenchmark {

    CompiledRule agentOffline;
    CompiledRule stateLookup;
    CompiledRule missedCalls;
    EvaluationContext agentEvent;
    EvaluationContext callEvent;

    @Setup
    public void setUp() {
        agentOffline = Rules.compile(Rules.AGENT_OFFLINE);
        stateLookup = Rules.compile(Rules.STATE_LOOKUP);
        missedCalls = Rules.compile(Rules.MISSED_CALLS);
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        var agents = Rules.json("""
                {"alice@example.com": {"status": "offline"}, "bob@example.com": {"status": "online"}}""");
        var buttons = Rules.json("""
                {"0846f80abb1c11e7b62e": {"name": "Support", "active": true, "agent": "alice@example.com"}}""");
        ArrayNode calls = Rules.JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            calls.addObject().put("id", i).put("status", i % 4 == 0 ? "missed" : "completed")
                    .put("created_at", now.minusSeconds(60L * i).toString());
        }
        agentEvent = EvaluationContext.of(Rules.json("""
                {"type": "agent.status_changed", "agent": "alice@example.com", "status": "offline",
                 "previous": "online", "button": "0846f80abb1c11e7b62e"}"""), now, agents, buttons, calls);
        callEvent = EvaluationContext.of(Rules.json("""
                {"type": "call.updated", "status": "missed", "button": "0846f80abb1c11e7b62e"}"""), now, agents,
                buttons, calls);
    }

    @Benchmark
    public boolean equalityOnEventFields() {
        return agentOffline.evaluateCondition(agentEvent).holds();
    }

    @Benchmark
    public boolean lookupInKnownAgentsAndButtons() {
        return stateLookup.evaluateCondition(agentEvent).holds();
    }

    @Benchmark
    public boolean levelOverAHundredCalls() {
        return missedCalls.evaluateCondition(callEvent).holds();
    }
}
