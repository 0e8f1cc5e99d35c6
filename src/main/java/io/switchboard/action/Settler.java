package io.switchboard.action;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.switchboard.Detached;
import io.switchboard.GroupCommit;
import io.switchboard.Metrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Records results as soon as they come back, group-committed: whatever finished together is
 * written in one transaction. A write that fails is tried again until it succeeds — the target
 * stays busy meanwhile, so a failed write can delay an action but never make it go twice.
 */
@Startup
@ApplicationScoped
public class Settler {

    @Inject
    Outbox outbox;

    @Inject
    ManagedExecutor executor;

    @Inject
    ActionConfig config;

    @Inject
    Metrics metrics;

    private GroupCommit<Outbox.Settlement, Outbox.Settled> writer;

    @PostConstruct
    void start() {
        writer = new GroupCommit<>("action results", 500, Long.MAX_VALUE, 0, s -> 1L, outbox::settle)
                .observe(size -> metrics.groupCommit("results", size));
        // With several writers, a target's results still never race: its lane stays busy until its result is recorded.
        for (int i = 0; i < config.settleWriters(); i++) {
            Detached.execute(executor, writer::run);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        writer.stop();
    }

    public CompletionStage<List<Outbox.Settled>> settle(List<Outbox.Settlement> settlements) {
        List<CompletableFuture<Outbox.Settled>> written = settlements.stream().map(writer::offer).toList();
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .thenApply(all -> written.stream().map(CompletableFuture::join).toList());
    }
}
