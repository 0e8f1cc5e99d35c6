package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.EventDraft;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.model.Button;
import io.switchboard.state.KnownState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads every button (all pages, within the page cap and the budget). A button that differs from
 * the known state changed outside Switchboard — our own changes are recorded when made — and is
 * {@code button.updated} with the changed fields; the first sighting is a baseline; a known
 * button the listing no longer has is forgotten (so only a listing read whole is stored). An
 * item without a {@code bid} is skipped and reported; the readings are as old as the poll's start.
 */
@ApplicationScoped
public class ButtonPoller implements Poller {

    @Inject
    PollBudget budget;

    private PageSize pageSize;

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
        return "buttons";
    }

    @Override
    public Duration interval() {
        return config.buttons().every();
    }

    @PostConstruct
    void init() {
        pageSize = new PageSize(config.buttons().limit());
    }

    @Override
    public OptionalInt pageLimit() {
        return OptionalInt.of(pageSize.current());
    }

    @Override
    public Result fetch(String cursor, Instant now) {
        Pages.Listing<Button> listing = Pages.all("GET /v2/buttons", pageSize, config.maxPages(),
                (page, limit) -> budget.spend(at -> snapCall.listButtons(page, limit, null, null, null)));
        // One reading per button (the last, if it moved between pages while they were read), in key order.
        Map<String, Button> byBid = new TreeMap<>();
        listing.items().forEach(b -> byBid.put(b.bid(), b));
        List<Button> buttons = List.copyOf(byBid.values());
        // The listing is the whole account: a button it no longer has is forgotten (so the known state stays bounded).
        state.retainListed(KnownState.BUTTON, buttons.stream().map(Button::bid).collect(Collectors.toSet()), now);
        return new Result(String.valueOf(buttons.size()), () -> {
            Map<String, JsonNode> data = new LinkedHashMap<>();
            buttons.forEach(b -> data.put(b.bid(), json.valueToTree(b)));
            Map<String, KnownState.Recorded> recorded = state.recordAll(KnownState.BUTTON, data, now);
            List<EventDraft> seen = new ArrayList<>();
            buttons.forEach(b -> apply(b, data.get(b.bid()), recorded.get(b.bid()), now).ifPresent(seen::add));
            return seen;
        }, listing.problems(), null);
    }

    private Optional<EventDraft> apply(Button button, JsonNode data, KnownState.Recorded recorded, Instant now) {
        var previous = recorded.previous();
        if (recorded.stale()) {
            // read before a newer state was stored (our own request's answer): nothing changed since
            return Optional.empty();
        }
        // Compared as stored (a value too large to keep whole is a note there), told as read.
        JsonNode stored = KnownState.fit(data);
        if (previous.isEmpty() || KnownState.same(previous.get().data(), stored)) {
            return Optional.empty();
        }
        ObjectNode changes = json.createObjectNode();
        JsonNode before = previous.get().data();
        stored.properties().forEach(e -> {
            JsonNode old = before.get(e.getKey());
            if (!KnownState.same(old, e.getValue())) {
                ObjectNode change = changes.putObject(e.getKey());
                change.set("from", old);
                change.set("to", data.get(e.getKey()));
            }
        });
        ObjectNode fields = json.createObjectNode();
        fields.put("button", button.bid());
        fields.put("active", button.active());
        fields.set("changes", changes);
        return Optional.of(new EventDraft("button.updated", "poll:buttons", button.bid(),
                "button:" + button.bid() + ":" + recorded.sequence(), fields, now));
    }
}
