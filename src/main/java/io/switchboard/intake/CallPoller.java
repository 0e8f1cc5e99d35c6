package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.EventDraft;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.SnapCallException;
import io.switchboard.snapcall.SnapCallRead;
import io.switchboard.snapcall.model.Call;
import io.switchboard.snapcall.model.CallQuery;
import io.switchboard.state.Item;
import io.switchboard.state.KnownState;
import io.switchboard.state.StateConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads calls incrementally: from the cursor (the newest {@code created_at} seen) less an
 * overlap, and from the oldest call still ringing or ongoing — but never further back than
 * {@code switchboard.poll.calls.max-lookback}: a call open for longer is read on its own
 * ({@code GET /v2/calls/{id}}, {@value #OPEN_READS} per poll, taking turns), so one
 * call SnapCall never closes cannot make every poll read a day of calls. Every page, within the
 * page cap and the budget. The first run records the last day as a baseline without events. A
 * call seen for the first time is {@code call.created}; a change of it, {@code call.updated}.
 * A call without an id or a readable {@code created_at} is skipped and reported (conditions
 * compute with {@code created_at}). Event subject: the call's button.
 */
@ApplicationScoped
public class CallPoller implements Poller {

    static final List<String> OPEN = List.of("ringing", "ongoing");
    /** Calls open past the lookback read one by one per poll, at most. */
    static final int OPEN_READS = 5;

    @Inject
    SnapCallClient snapCall;

    @Inject
    KnownState state;

    @Inject
    StateConfig stateConfig;

    @Inject
    PollConfig config;

    @Inject
    PollBudget budget;

    @Inject
    ObjectMapper json;

    private PageSize pageSize;

    @PostConstruct
    void init() {
        pageSize = new PageSize(config.calls().limit());
    }

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public Duration interval() {
        return config.calls().every();
    }

    @Override
    public OptionalInt pageLimit() {
        return OptionalInt.of(pageSize.current());
    }

    @Override
    public Result fetch(String cursor, Instant now) {
        boolean baseline = cursor == null;
        Window window = window(cursor, now);
        Pages.Listing<Call> listing = Pages.all("GET /v2/calls", pageSize, config.maxPages(),
                (page, limit) -> budget.spend(at -> snapCall.listCalls(CallQuery.all().between(window.from(), null)
                        .page(page, limit))));
        List<String> problems = new ArrayList<>(listing.problems());
        // One reading per id (a call may move between pages while they are read); key order below.
        Map<String, Call> byId = new LinkedHashMap<>();
        listing.items().forEach(call -> byId.put(call.id(), call));
        for (Item open : window.overdue()) {
            try {
                SnapCallRead<Call> read = budget.spend(at -> snapCall.readCall(open.key()));
                problems.addAll(read.problems());
                byId.putIfAbsent(read.value().id() == null ? open.key() : read.value().id(), read.value());
            } catch (SnapCallException.RateLimited | SnapCallException.CircuitOpen slowDown) {
                throw slowDown;
            } catch (SnapCallException failed) {
                // this call only: the others, and the listing, stand
                problems.add("call " + open.key() + " (open since " + open.data().path("created_at").asText() + "): "
                        + failed.getMessage());
            }
        }
        List<Call> calls = new ArrayList<>();
        byId.values().forEach(call -> {
            if (call.createdAt() == null) {
                problems.add("call " + call.id() + ": no readable created_at: skipped");
            } else {
                calls.add(call);
            }
        });
        // Key order: writers of the known state lock rows in one order, so they cannot deadlock.
        calls.sort(Comparator.comparing(Call::id));

        // The cursor never passes the poll's own time: a call dated in the future (a bad clock, a
        // misread date) would otherwise make every later read start after the calls still to come.
        Instant newest = baseline ? now : Instant.parse(cursor);
        for (Call call : calls) {
            if (call.createdAt().isAfter(newest)) {
                newest = call.createdAt().isAfter(now) ? now : call.createdAt();
            }
        }
        String next = newest.toString();
        return new Result(next, () -> {
            // Unique by id, in key order: one locked read and one batch for them all.
            Map<String, JsonNode> data = new LinkedHashMap<>();
            calls.forEach(call -> data.put(call.id(), json.valueToTree(call)));
            Map<String, KnownState.Recorded> recorded = state.recordAll(KnownState.CALL, data, now);
            List<EventDraft> seen = new ArrayList<>();
            calls.forEach(call -> apply(call, data.get(call.id()), recorded.get(call.id()), baseline, now)
                    .ifPresent(seen::add));
            state.pruneCalls(now);
            return seen;
        }, problems, null);
    }

    /** Where a read starts, and the open calls too old for it (least recently read first, a few). */
    record Window(Instant from, List<Item> overdue) {
    }

    /** When each call open past the lookback was last read on its own (this instance): they take turns. */
    private final Map<String, Instant> overdueReadAt = new ConcurrentHashMap<>();

    Window window(String cursor, Instant now) {
        if (cursor == null) {
            return new Window(now.minus(stateConfig.callsWindow()), List.of());
        }
        Instant from = Instant.parse(cursor).minus(config.calls().overlap());
        Instant floor = now.minus(config.calls().maxLookback());
        Instant forgotten = now.minus(stateConfig.callsWindow());
        List<Item> overdue = new ArrayList<>();
        for (Item open : state.items(KnownState.CALL)) {
            Instant created = parseInstant(open.data().path("created_at").asText());
            if (!OPEN.contains(open.data().path("status").asText()) || created == null || !created.isBefore(from)
                    || !created.isAfter(forgotten)) {
                continue;
            }
            if (created.isBefore(floor)) {
                overdue.add(open);
            } else {
                from = created;
            }
        }
        overdueReadAt.keySet().retainAll(overdue.stream().map(Item::key).collect(Collectors.toSet()));
        overdue.sort(Comparator.comparing((Item open) -> overdueReadAt.getOrDefault(open.key(), Instant.MIN))
                .thenComparing(Item::key));
        List<Item> turn = List.copyOf(overdue.subList(0, Math.min(OPEN_READS, overdue.size())));
        turn.forEach(open -> overdueReadAt.put(open.key(), now));
        return new Window(from, turn);
    }

    private Optional<EventDraft> apply(Call call, JsonNode data, KnownState.Recorded recorded, boolean baseline,
            Instant now) {
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
        if (KnownState.same(previous.get().data(), KnownState.fit(data))) { // compared as stored
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
