package io.switchboard.action;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.quarkus.runtime.Startup;
import io.switchboard.GroupCommit;
import io.switchboard.Metrics;
import io.switchboard.Writers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records results as soon as they come back, group-committed: whatever finished together is
 * written in one transaction — the one shared with webhook deliveries ({@link Writers}), where
 * results go first (rank 0), so the known state they learned is what the same commit's new
 * actions are planned against. A write that fails is tried again until it succeeds — the target
 * stays busy meanwhile, so a failed write can delay an action but never make it go twice.
 */
@Startup
@ApplicationScoped
public class Settler {

    @Inject
    Outbox outbox;

    @Inject
    Writers writers;

    @Inject
    Metrics metrics;

    private GroupCommit.Part<Outbox.Settlement, Outbox.Settled> writer;

    @PostConstruct
    void start() {
        // With several writers, a target's results still never race: its lane stays busy until its result is recorded.
        writer = writers.shared().part("action results", 0, Long.MAX_VALUE, 0, s -> 1L, outbox::settle)
                .observe(size -> metrics.groupCommit("results", size));
    }

    public CompletionStage<List<Outbox.Settled>> settle(List<Outbox.Settlement> settlements) {
        List<CompletableFuture<Outbox.Settled>> written = settlements.stream().map(writer::offer).toList();
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .thenApply(all -> written.stream().map(CompletableFuture::join).toList());
    }
}
