package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.EventDraft;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.SnapCallException;
import io.switchboard.state.KnownState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the watched agents — those named on known buttons plus {@code switchboard.poll.agents.watch}
 * (SnapCall has no endpoint listing agents) — one request each. A status different from the
 * last seen is {@code agent.status_changed}; the first sighting is a baseline.
 */
@ApplicationScoped
public class AgentPoller implements Poller {

    @Inject
    SnapCallClient snapCall;

    @Inject
    KnownState state;

    @Inject
    PollConfig config;

    @Inject
    ObjectMapper json;

    @Override
    public String name() {
        return "agents";
    }

    @Override
    public Duration interval() {
        return config.agents().every();
    }

    @Override
    public Result fetch(String cursor, Instant now) {
        TreeSet<String> watched = new TreeSet<>(config.agents().watch().orElse(java.util.List.of()));
        state.items(KnownState.BUTTON).forEach(b -> {
            String agent = b.data().path("agent").asText("");
            if (!agent.isBlank()) {
                watched.add(agent);
            }
        });
        Map<String, JsonNode> read = new LinkedHashMap<>();
        for (String email : watched) {
            try {
                read.put(email, json.valueToTree(snapCall.getAgent(email)));
            } catch (SnapCallException.NotFound gone) {
                // an agent named on a button but unknown to SnapCall: nothing to watch
            }
        }
        // TreeSet order: writers of the known state lock rows in one order, so they cannot deadlock.
        return new Result(String.valueOf(read.size()), () -> {
            List<EventDraft> seen = new ArrayList<>();
            read.forEach((email, data) -> apply(email, data, now).ifPresent(seen::add));
            return seen;
        });
    }

    private Optional<EventDraft> apply(String email, JsonNode data, Instant now) {
        var recorded = state.record(KnownState.AGENT, email, data, now);
        var previous = recorded.previous();
        if (recorded.stale()) {
            // read before a newer state was stored (our own request's answer): nothing changed since
            return Optional.empty();
        }
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        String before = previous.get().data().path("status").asText(null);
        String status = data.path("status").asText(null);
        if (status == null || status.equals(before)) {
            return Optional.empty();
        }
        ObjectNode fields = json.createObjectNode();
        fields.put("agent", email);
        fields.put("status", status);
        fields.put("previous", before);
        return Optional.of(new EventDraft("agent.status_changed", "poll:agents", email,
                "agent:" + email + ":" + recorded.sequence(), fields, now));
    }
}
