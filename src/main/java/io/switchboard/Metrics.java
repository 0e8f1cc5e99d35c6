package io.switchboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The loop's counters and timers, in one place so their names and tags stay consistent
 * (Prometheus at {@code /q/metrics}: {@code switchboard_polls_total}, {@code switchboard_events_total},
 * {@code switchboard_rule_evaluations_total}, {@code switchboard_rule_firings_total},
 * {@code switchboard_actions_total}, {@code switchboard_action_latency_seconds},
 * {@code switchboard_snapcall_requests_seconds}, {@code switchboard_retention_deleted_total}; gauges in
 * {@code LoopGauges}).
 */
@ApplicationScoped
public class Metrics {

    @Inject
    MeterRegistry registry;

    /**
     * Meters by name and tags, looked up once: asking the registry builds and hashes a meter id
     * per call, and at full load these are called several times per event (~2% of the CPU).
     * Bounded as the registry is: tag values are rule ids, types, outcomes and endpoints.
     */
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(Function<String[], M> register, String name, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return (M) meters.computeIfAbsent(key, k -> register.apply(tags));
    }

    private Counter counter(String name, String... tags) {
        return meter(t -> registry.counter(name, t), name, tags);
    }

    public void poll(String poller, boolean succeeded) {
        counter("switchboard.polls", "poller", poller, "outcome", succeeded ? "success" : "failure").increment();
    }

    public void event(String type) {
        counter("switchboard.events", "type", type).increment();
    }

    public void evaluation(long ruleId, String outcome) {
        counter("switchboard.rule.evaluations", "rule", String.valueOf(ruleId), "outcome", outcome).increment();
    }

    public void firing(long ruleId) {
        counter("switchboard.rule.firings", "rule", String.valueOf(ruleId)).increment();
    }

    /** An action settled; {@code latency} runs from its firing to this outcome. */
    public void action(String type, String outcome, Duration latency) {
        counter("switchboard.actions", "type", type, "outcome", outcome).increment();
        this.<Timer> meter(t -> Timer.builder("switchboard.action.latency").tags(t).publishPercentiles(0.5, 0.99)
                .register(registry), "switchboard.action.latency", "type", type, "outcome", outcome).record(latency);
    }

    /** How many items one group commit wrote ({@code switchboard_group_commit_items{writer}}: count = commits). */
    public void groupCommit(String writer, int items) {
        this.<DistributionSummary> meter(t -> DistributionSummary.builder("switchboard.group.commit.items").tags(t)
                .register(registry), "switchboard.group.commit.items", "writer", writer).record(items);
    }

    public void snapCallRequest(String endpoint, String status, Duration took) {
        this.<Timer> meter(t -> Timer.builder("switchboard.snapcall.requests").tags(t).register(registry),
                "switchboard.snapcall.requests", "endpoint", endpoint, "status", status).record(took);
    }

    /** Rows of {@code table} the retention job deleted (counted once per chunk, never per row). */
    public void retentionDeleted(String table, long rows) {
        if (rows > 0) {
            counter("switchboard.retention.deleted", "table", table).increment(rows);
        }
    }
}
