package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.EventDraft;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.model.Call;
import io.switchboard.snapcall.model.CallQuery;
import io.switchboard.state.Item;
import io.switchboard.state.KnownState;
import io.switchboard.state.StateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads calls incrementally: from the cursor (the newest {@code created_at} seen) less an
 * overlap, and from the oldest call still ringing or ongoing, so its later changes are seen
 * too; every page. The first run records the last day as a baseline without events. A call
 * seen for the first time is {@code call.created}; a change of it, {@code call.updated}.
 * Event subject: the call's button.
 */
@ApplicationScoped
public class CallPoller implements Poller {

    static final List<String> OPEN = List.of("ringing", "ongoing");

    @Inject
    SnapCallClient snapCall;

    @Inject
    KnownState state;

    @Inject
    StateConfig stateConfig;

    @Inject
    PollConfig config;

    @Inject
    ObjectMapper json;

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public Duration interval() {
        return config.calls().every();
    }

    @Override
    public Result fetch(String cursor, Instant now) {
        boolean baseline = cursor == null;
        Instant from = baseline ? now.minus(stateConfig.callsWindow()) : Instant.parse(cursor).minus(config.calls().overlap());
        for (Item open : state.items(KnownState.CALL)) {
            Instant created = parseInstant(open.data().path("created_at").asText());
            if (OPEN.contains(open.data().path("status").asText()) && created != null && created.isBefore(from)
                    && created.isAfter(now.minus(stateConfig.callsWindow()))) {
                from = created;
            }
        }
        Instant since = from;
        List<Call> calls = new ArrayList<>(Pages.all(
                page -> snapCall.listCalls(CallQuery.all().between(since, null).page(page, config.calls().limit()))));
        // Key order: writers of the known state lock rows in one order, so they cannot deadlock.
        calls.removeIf(call -> call.id() == null);
        calls.sort(Comparator.comparing(Call::id));

        Instant newest = baseline ? now : Instant.parse(cursor);
        for (Call call : calls) {
            if (call.createdAt() != null && call.createdAt().isAfter(newest)) {
                newest = call.createdAt();
            }
        }
        String next = newest.toString();
        return new Result(next, () -> {
            List<EventDraft> seen = new ArrayList<>();
            calls.forEach(call -> apply(call, baseline, now).ifPresent(seen::add));
            state.pruneCalls(now);
            return seen;
        });
    }

    private Optional<EventDraft> apply(Call call, boolean baseline, Instant now) {
        JsonNode data = json.valueToTree(call);
        var recorded = state.record(KnownState.CALL, call.id(), data, now);
        var previous = recorded.previous();
        if (recorded.stale()) {
            // read before a newer state was stored (our own request's answer): nothing changed since
            return Optional.empty();
        }
        if (baseline) {
            return Optional.empty();
        }
        ObjectNode fields = json.createObjectNode();
        fields.set("call", data);
        fields.put("status", call.status());
        fields.put("button", call.bid());
        fields.put("agent", call.agent());
        String subject = call.bid() == null ? "call:" + call.id() : call.bid();
        Instant occurred = call.createdAt() == null ? now : call.createdAt();
        if (previous.isEmpty()) {
            return Optional.of(new EventDraft("call.created", "poll:calls", subject, "call:" + call.id() + ":created",
                    fields, occurred));
        }
        if (KnownState.same(previous.get().data(), data)) {
            return Optional.empty();
        }
        fields.put("previous", previous.get().data().path("status").asText(null));
        return Optional.of(new EventDraft("call.updated", "poll:calls", subject,
                "call:" + call.id() + ":" + call.status() + ":" + recorded.sequence(), fields,
                call.endedAt() != null ? call.endedAt() : now));
    }

    static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
