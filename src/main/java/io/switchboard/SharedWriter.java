package io.switchboard;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The one group-commit writer of the pipeline: the intake's deliveries (stored and decided) and
 * the sender's results (recorded) share its transactions, so under load one commit carries both
 * — on the embedded H2 a commit writes every B-tree page it touched, and results and new actions
 * touch the same pages. Each owner registers its {@link GroupCommit.Kind}; the {@code order}s
 * below are the order a transaction writes them in, the lock order polls keep too: SnapCall's
 * state (a result's) before new events' decisions.
 */
@Startup
@ApplicationScoped
public class SharedWriter {

    /** Results are written first: they lock known-state rows, as a poll does before it decides. */
    public static final int RESULTS = 1;

    /** Then deliveries: their events, decisions and queued actions. */
    public static final int DELIVERIES = 2;

    @Inject
    WriterConfig config;

    @Inject
    ManagedExecutor executor;

    private GroupCommit commits;

    @PostConstruct
    void start() {
        commits = new GroupCommit("writer", config.maxBatch()).linger(config.linger());
        for (int i = 0; i < config.threads(); i++) {
            Detached.execute(executor, commits::run);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        commits.stop();
    }

    /** The writer's queue, for an owner to register its kind of item ({@link GroupCommit#kind}). */
    public GroupCommit commits() {
        return commits;
    }
}
