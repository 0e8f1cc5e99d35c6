package io.switchboard;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The one {@link GroupCommit} that webhook deliveries (intake) and action results (outbox)
 * share, and its writer loops on the managed executor. Deliveries and results that arrive
 * together go out in one commit; with two writers, one batch is decided while the other commits.
 */
@Startup
@ApplicationScoped
public class Writers {

    @Inject
    WritersConfig config;

    @Inject
    ManagedExecutor executor;

    private GroupCommit shared;

    @PostConstruct
    void start() {
        shared = new GroupCommit(config.maxBatch());
        for (int i = 0; i < config.count(); i++) {
            executor.execute(shared::run);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        shared.stop();
    }

    public GroupCommit shared() {
        return shared;
    }
}
