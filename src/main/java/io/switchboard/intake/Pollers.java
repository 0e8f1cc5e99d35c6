package io.switchboard.intake;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.Detached;
import io.switchboard.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The pollers' clock: every second, each poller that is due (its interval elapsed, or its
 * backoff after a failure) runs on its own thread, so a slow one never delays the others.
 */
@ApplicationScoped
public class Pollers {

    @Inject
    PollConfig config;

    @Inject
    PollRunner runner;

    @Inject
    ManagedExecutor executor;

    @Inject
    CallPoller calls;

    @Inject
    AgentPoller agents;

    @Inject
    ButtonPoller buttons;

    /** Buttons first: the agents named on them are the ones the agent poller watches. */
    public List<Poller> all() {
        return List.of(buttons, agents, calls);
    }

    public Optional<Poller> named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Tick
    @Scheduled(every = "1s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        for (Poller poller : all()) {
            if (!runner.isRunning(poller)) {
                Detached.execute(executor, () -> runner.runIfDue(poller));
            }
        }
    }
}
