package io.switchboard.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.engine.Engine;
import io.switchboard.engine.RuleIndex;
import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.EvaluationContext;

/**
 * One event against the rule catalog: find its candidates and evaluate them — the engine's
 * CPU work per event. 10 rules share the event's trigger type; {@code rules} is the catalog's
 * total size, the rest being of other types, which must not add cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatchingBenchmark {

    @Param({ "10", "1000", "10000" })
    public int rules;

    RuleIndex.Catalog catalog;
    JsonNode event;
    EvaluationContext context;

    @Setup
    public void setUp() {
        CompiledRule agentRule = Rules.compile(Rules.AGENT_OFFLINE);
        CompiledRule callRule = Rules.compile(Rules.MISSED_CALLS);
        List<RuleIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            // the same compiled programs, under different ids: compiling 10,000 rules adds nothing to measure
            entries.add(new RuleIndex.Entry(i, "rule " + i, 0, true, i < 10 ? agentRule : callRule));
        }
        catalog = RuleIndex.Catalog.of(entries);
        event = Rules.json("""
                {"type": "agent.status_changed", "agent": "alice@example.com", "status": "offline", "previous": "online"}""");
        context = EvaluationContext.of(event, Instant.now(), null, null, null);
    }

    @Benchmark
    public int matchAndEvaluate() {
        int fired = 0;
        for (RuleIndex.Entry rule : catalog.candidates("agent.status_changed")) {
            if (Engine.isCandidate(rule, event) && rule.compiled().evaluateCondition(context).holds()) {
                fired++;
            }
        }
        return fired;
    }
}
