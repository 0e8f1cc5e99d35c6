package io.switchboard;

import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
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

    public void poll(String poller, boolean succeeded) {
        registry.counter("switchboard.polls", "poller", poller, "outcome", succeeded ? "success" : "failure").increment();
    }

    public void event(String type) {
        registry.counter("switchboard.events", "type", type).increment();
    }

    public void evaluation(long ruleId, String outcome) {
        registry.counter("switchboard.rule.evaluations", "rule", String.valueOf(ruleId), "outcome", outcome).increment();
    }

    public void firing(long ruleId) {
        registry.counter("switchboard.rule.firings", "rule", String.valueOf(ruleId)).increment();
    }

    /** An action settled; {@code latency} runs from its firing to this outcome. */
    public void action(String type, String outcome, Duration latency) {
        registry.counter("switchboard.actions", "type", type, "outcome", outcome).increment();
        Timer.builder("switchboard.action.latency").tag("type", type).tag("outcome", outcome)
                .publishPercentiles(0.5, 0.99).register(registry).record(latency);
    }

    /** How many items one group commit wrote ({@code switchboard_group_commit_items{writer}}: count = commits). */
    public void groupCommit(String writer, int items) {
        DistributionSummary.builder("switchboard.group.commit.items").tag("writer", writer).register(registry)
                .record(items);
    }

    public void snapCallRequest(String endpoint, String status, Duration took) {
        Timer.builder("switchboard.snapcall.requests").tag("endpoint", endpoint).tag("status", status)
                .register(registry).record(took);
    }

    /** Rows of {@code table} the retention job deleted (counted once per chunk, never per row). */
    public void retentionDeleted(String table, long rows) {
        if (rows > 0) {
            registry.counter("switchboard.retention.deleted", "table", table).increment(rows);
        }
    }
}
