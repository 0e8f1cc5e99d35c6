package io.switchboard.intake;

import java.util.List;
import java.util.Optional;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

/** The pollers' clocks. Buttons run first at start, so the agents named on them are known to the agent poller. */
@ApplicationScoped
public class Pollers {

    @Inject
    PollConfig config;

    @Inject
    PollRunner runner;

    @Inject
    CallPoller calls;

    @Inject
    AgentPoller agents;

    @Inject
    ButtonPoller buttons;

    public List<Poller> all() {
        return List.of(calls, agents, buttons);
    }

    public Optional<Poller> named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Scheduled(every = "${switchboard.poll.buttons.every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void pollButtons() {
        if (config.enabled()) {
            runner.run(buttons);
        }
    }

    @Scheduled(every = "${switchboard.poll.agents.every:10s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void pollAgents() {
        if (config.enabled()) {
            runner.run(agents);
        }
    }

    @Scheduled(every = "${switchboard.poll.calls.every:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void pollCalls() {
        if (config.enabled()) {
            runner.run(calls);
        }
    }
}
