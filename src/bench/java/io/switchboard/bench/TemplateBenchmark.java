package io.switchboard.bench;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.EvaluationContext;

/** Resolving the templated parameters of a rule with two actions (three templates, one interpolated). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TemplateBenchmark {

    CompiledRule rule;
    EvaluationContext context;

    @Setup
    public void setUp() {
        rule = Rules.compile(Rules.TEMPLATED);
        context = EvaluationContext.of(Rules.json("""
                {"type": "call.created", "status": "ringing", "button": "0846f80abb1c11e7b62e",
                 "payload": {"agent": "alice@example.com", "n": 21}}"""), Instant.now(), null,
                Rules.json("{\"0846f80abb1c11e7b62e\": {\"name\": \"Support\"}}"), null);
    }

    @Benchmark
    public List<CompiledRule.ResolvedAction> resolveActions() {
        return rule.resolveActions(context);
    }
}
