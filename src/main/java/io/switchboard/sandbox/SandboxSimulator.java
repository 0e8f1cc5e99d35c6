package io.switchboard.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Life in the sandbox: visitors call, agents answer or miss calls, agents come and go. Driven by
 * a seeded RNG so the same seed replays the same story; runs on its own every
 * {@code switchboard.sandbox.simulator.every} when enabled (off in tests, which step it by hand).
 */
@ApplicationScoped
public class SandboxSimulator {

    private static final List<String> AGENT_STATUSES = List.of("online", "online", "online", "online", "online", "busy", "away", "offline");

    @Inject
    SandboxState state;

    @Inject
    SandboxConfig config;

    @Inject
    SandboxGate gate;

    private Random random;

    @Tick
    @Scheduled(every = "${switchboard.sandbox.simulator.every:3s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (gate.enabled() && config.simulator().enabled()) {
            step();
        }
    }

    /** Starts the story again from the seed (after a reset). */
    public synchronized void restart() {
        random = new Random(config.seed());
    }

    /** One step: ongoing calls may end, ringing ones get answered or missed, a visitor may call, an agent may move. */
    public synchronized void step() {
        if (random == null) {
            restart();
        }
        Instant now = Instant.parse(SandboxState.now());
        for (long id : state.callIdsWithStatus("ongoing")) {
            if (random.nextInt(2) == 0) {
                state.updateCall(id, random.nextInt(10) == 0 ? "dropped" : "completed", now,
                        random.nextBoolean() ? 1 + random.nextInt(5) : null);
            }
        }
        for (long id : state.callIdsWithStatus("ringing")) {
            ObjectNode call = state.call(id);
            String agent = call.path("agent").asText("");
            boolean online = !agent.isEmpty() && "online".equals(state.agent(agent).path("status").asText());
            state.updateCall(id, online && random.nextInt(4) != 0 ? "ongoing" : "missed", now, null);
        }
        List<ObjectNode> active = state.buttons(b -> b.path("active").asBoolean(false));
        if (!active.isEmpty() && random.nextInt(2) == 0) {
            ObjectNode button = active.get(random.nextInt(active.size()));
            state.addCall(button.get("bid").asText(), "ringing", now, "visitor-" + (100 + random.nextInt(900)),
                    "336" + (10_000_000 + random.nextInt(89_999_999)));
        }
        if (random.nextInt(2) == 0) {
            List<String> agents = state.agentEmails();
            String email = agents.get(random.nextInt(agents.size()));
            ObjectNode status = SandboxState.NODES.objectNode();
            status.put("status", AGENT_STATUSES.get(random.nextInt(AGENT_STATUSES.size())));
            state.updateAgent(email, status);
        }
    }
}
