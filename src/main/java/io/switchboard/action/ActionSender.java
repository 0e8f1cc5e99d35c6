package io.switchboard.action;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.SnapCallException;
import io.switchboard.state.Item;
import io.switchboard.state.KnownState;
import io.switchboard.state.StateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Plans and sends what the dispatcher hands it, without blocking: one action, or several
 * {@code button.set_active} as one {@code PUT /v2/buttons/batch} (one by one once SnapCall
 * refused a batch, see {@link #sendBatch}). Planning asks the known
 * state: when it is fresh (read within {@code switchboard.state.max-age}) and already as
 * wanted, nothing is sent ({@code no_change}). What SnapCall answers is returned with the
 * result, to be recorded in the same transaction, so pollers see no foreign change.
 */
@ApplicationScoped
public class ActionSender {

    /** How long an action waits when SnapCall's circuit is open (the breaker itself decides when to try again). */
    static final Duration CIRCUIT_WAIT = Duration.ofSeconds(2);

    static final String BATCH = "/v2/buttons/batch";

    private static final Logger LOG = Logger.getLogger(ActionSender.class);

    @Inject
    SnapCallClient snapCall;

    @Inject
    KnownState state;

    @Inject
    StateConfig stateConfig;

    @Inject
    WebhookPoster webhooks;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** Set for good (until restart) once SnapCall refused a batch: it does not have one, or not for us. */
    private final AtomicBoolean batchRefused = new AtomicBoolean();

    /** An action with the request it needs (or the settlement that replaces sending it). */
    private record Planned(QueuedAction action, PlannedRequest request, Outbox.Settlement instead) {
    }

    /** False once SnapCall refused {@code PUT /v2/buttons/batch}: buttons then go one by one. */
    public boolean batching() {
        return !batchRefused.get();
    }

    /** Tries the batch again (tests that start over). */
    void forgetBatchRefusal() {
        batchRefused.set(false);
    }

    /** Sends the group; completes (never exceptionally) with one settlement per action. */
    public CompletionStage<List<Outbox.Settlement>> send(List<QueuedAction> group) {
        Instant started = clock.instant();
        if (group.size() == 1) {
            return sendOne(group.get(0), started, true).thenApply(List::of);
        }
        List<Outbox.Settlement> settled = new ArrayList<>();
        List<Planned> toSend = new ArrayList<>();
        for (QueuedAction action : group) {
            Planned planned = plan(action, null, started);
            if (planned.instead() != null) {
                settled.add(planned.instead());
            } else {
                toSend.add(planned);
            }
        }
        List<Planned> batch = toSend.stream().filter(p -> p.request().body() != null).toList();
        List<CompletionStage<List<Outbox.Settlement>>> parts = new ArrayList<>();
        parts.add(CompletableFuture.completedFuture(settled));
        if (batch.size() >= 2 && batching()) {
            parts.add(sendBatch(batch, started));
        } else {
            batch.forEach(p -> parts.add(sendOne(p.action(), started, true).thenApply(List::of)));
        }
        // A toggle without a fresh state reads the button first: it goes on its own.
        toSend.stream().filter(p -> p.request().body() == null)
                .forEach(p -> parts.add(sendOne(p.action(), started, true).thenApply(List::of)));
        CompletableFuture<?>[] all = parts.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(done -> parts.stream()
                .flatMap(p -> p.toCompletableFuture().join().stream()).toList());
    }

    private CompletionStage<Outbox.Settlement> sendOne(QueuedAction action, Instant started, boolean mayRead) {
        return sendOne(action, null, started, mayRead);
    }

    private CompletionStage<Outbox.Settlement> sendOne(QueuedAction action, JsonNode read, Instant started,
            boolean mayRead) {
        Planned planned = plan(action, read, started);
        if (planned.instead() != null) {
            return CompletableFuture.completedFuture(planned.instead());
        }
        PlannedRequest request = planned.request();
        QueuedAction sending = planned.action();
        ActionSpec spec = sending.spec();
        if (request.body() == null) {
            // "toggle" without a fresh state: read the button first, then decide.
            String bid = spec.text("button");
            if (!mayRead) {
                return CompletableFuture.completedFuture(done(sending, started, SendResult.refused("GET",
                        "/v2/buttons/" + bid, 0, "toggle: the button's state could not be read"), List.of()));
            }
            return snapCall.fetchButton(bid).thenCompose(button -> sendOne(action, button, started, false)
                    .thenApply(s -> withLearned(s, new StateUpdate(KnownState.BUTTON, bid, button))))
                    .exceptionally(e -> done(sending, started, failure("GET", "/v2/buttons/" + bid, e), List.of()));
        }
        String method = request.method();
        String target = request.target();
        CompletionStage<Outbox.Settlement> sent = switch (spec.type()) {
            case BUTTON_SET_ACTIVE, BUTTON_UPDATE -> learnAfter(sending, started, request, KnownState.BUTTON,
                    spec.text("button"), snapCall.putButton(spec.text("button"), request.body()));
            case AGENT_SET_STATUS -> learnAfter(sending, started, request, KnownState.AGENT, spec.text("agent"),
                    snapCall.putAgentStatus(spec.text("agent"), request.body()));
            case AGENT_UPDATE -> learnAfter(sending, started, request, KnownState.AGENT, spec.text("agent"),
                    snapCall.putAgent(spec.text("agent"), request.body()));
            case SCHEDULE_TEMPLATE_UPDATE -> snapCall.putScheduleTemplate(spec.text("template"), request.body())
                    .thenApply(answer -> done(sending, started, SendResult.succeeded(method, target), List.of()));
            case WEBHOOK_POST -> webhooks.post(target, request.body(), sending.id())
                    .thenApply(result -> done(sending, started, result, List.of()));
        };
        return sent.exceptionally(e -> done(sending, started, failure(method, target, e), List.of()));
    }

    private CompletionStage<Outbox.Settlement> learnAfter(QueuedAction action, Instant started, PlannedRequest request,
            String kind, String key, CompletionStage<JsonNode> answer) {
        return answer.thenApply(body -> done(action, started, SendResult.succeeded(request.method(), request.target()),
                List.of(new StateUpdate(kind, key, merged(kind, key, body, request.body())))));
    }

    /**
     * One {@code PUT /v2/buttons/batch} with items {@code {"bid", "active"}} (an assumption: the
     * reference gives no item shape). A refusal (4xx but 401, 408, 429) sends each button alone and
     * is remembered: until this instance restarts, buttons go one by one directly. A 5xx or a
     * timeout is no refusal: each action is retried. What the answer does not confirm is sent
     * again one by one ({@link BatchAnswer}). Completes with one settlement per action, never
     * exceptionally.
     */
    private CompletionStage<List<Outbox.Settlement>> sendBatch(List<Planned> batch, Instant started) {
        ObjectNode body = json.createObjectNode();
        ArrayNode buttons = body.putArray("buttons");
        Map<String, Boolean> wanted = new LinkedHashMap<>();
        for (Planned p : batch) {
            boolean active = p.request().body().path("active").asBoolean();
            buttons.addObject().put("bid", p.action().spec().text("button")).put("active", active);
            wanted.put(p.action().spec().text("button"), active);
        }
        return snapCall.putButtons(body)
                .handle((answer, failure) -> failure == null ? confirmed(batch, BatchAnswer.read(answer, wanted), started)
                        : refused(batch, failure, started))
                .thenCompose(Function.identity())
                .exceptionally(unexpected -> batch.stream()
                        .map(p -> done(p.action(), started, failure("PUT", BATCH, unexpected), List.of())).toList());
    }

    private CompletionStage<List<Outbox.Settlement>> confirmed(List<Planned> batch, BatchAnswer answer, Instant started) {
        List<Outbox.Settlement> out = new ArrayList<>();
        List<Planned> again = new ArrayList<>();
        for (Planned p : batch) {
            String bid = p.action().spec().text("button");
            JsonNode said = answer.confirmed().get(bid);
            if (said == null) {
                again.add(p);
            } else {
                out.add(done(p.action(), started, SendResult.succeeded("PUT", BATCH), List.of(
                        new StateUpdate(KnownState.BUTTON, bid, merged(KnownState.BUTTON, bid, said, p.request().body())))));
            }
        }
        if (again.isEmpty()) {
            return CompletableFuture.completedFuture(out);
        }
        return oneByOne(again, started).thenApply(each -> {
            out.addAll(each);
            return out;
        });
    }

    private CompletionStage<List<Outbox.Settlement>> refused(List<Planned> batch, Throwable failure, Instant started) {
        SendResult failed = failure("PUT", BATCH, failure);
        if (failed.outcome() != SendResult.Outcome.REFUSED || failed.httpStatus() == 401) {
            // not about the batch (SnapCall down, slow, rate-limiting, or the key refused): each action as it went
            return CompletableFuture.completedFuture(
                    batch.stream().map(p -> done(p.action(), started, failed, List.of())).toList());
        }
        if (batchRefused.compareAndSet(false, true)) {
            LOG.warnf("SnapCall refused PUT %s (%s): buttons are sent one by one (PUT /v2/buttons/{bid}) until "
                    + "this instance restarts", BATCH, failed.error());
        }
        return oneByOne(batch, started);
    }

    private CompletionStage<List<Outbox.Settlement>> oneByOne(List<Planned> batch, Instant started) {
        List<CompletableFuture<Outbox.Settlement>> each = batch.stream()
                .map(p -> sendOne(p.action(), started, false).toCompletableFuture()).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(all -> each.stream().map(CompletableFuture::join).toList());
    }

    /** Plans against the known state (and what was just read); a plan that sends nothing is settled here. */
    private Planned plan(QueuedAction action, JsonNode read, Instant started) {
        ActionSpec spec = action.spec();
        try {
            ObjectNode buttons = json.createObjectNode();
            ObjectNode agents = json.createObjectNode();
            switch (spec.type()) {
                case BUTTON_SET_ACTIVE, BUTTON_UPDATE -> fresh(KnownState.BUTTON, spec.text("button"), read, buttons);
                case AGENT_SET_STATUS, AGENT_UPDATE -> fresh(KnownState.AGENT, spec.text("agent"), null, agents);
                case SCHEDULE_TEMPLATE_UPDATE, WEBHOOK_POST -> {
                    // nothing known about templates or receivers: always sent
                }
            }
            PlannedRequest request = ActionPlanner.plan(spec, buttons, agents);
            QueuedAction sending = action.pinned(request);
            if (request.expectedNoChange()) {
                return new Planned(sending, request, done(sending, started,
                        SendResult.noChange(request.method(), request.target(), "known state already matches"), List.of()));
            }
            return new Planned(sending, request, null);
        } catch (IllegalArgumentException e) {
            return new Planned(action, null, done(action, started, SendResult.refused(null, null, 0, e.getMessage()),
                    List.of()));
        }
    }

    private void fresh(String kind, String key, JsonNode read, ObjectNode into) {
        if (key == null) {
            return;
        }
        if (read != null) {
            into.set(key, read);
            return;
        }
        state.item(kind, key).filter(i -> i.freshAt(clock.instant(), stateConfig.maxAge()))
                .ifPresent(i -> into.set(key, i.data()));
    }

    private Outbox.Settlement done(QueuedAction action, Instant started, SendResult result, List<StateUpdate> learned) {
        return new Outbox.Settlement(action, result, started, clock.instant(), learned);
    }

    private static Outbox.Settlement withLearned(Outbox.Settlement s, StateUpdate read) {
        List<StateUpdate> learned = new ArrayList<>();
        learned.add(read);
        learned.addAll(s.learned());
        return new Outbox.Settlement(s.action(), s.result(), s.startedAt(), s.finishedAt(), learned);
    }

    static SendResult failure(String method, String target, Throwable thrown) {
        Throwable e = thrown;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (!(e instanceof SnapCallException snap)) {
            return SendResult.retry(method, target, 0, "unexpected failure: " + e.getClass().getSimpleName(), null);
        }
        if (snap instanceof SnapCallException.CircuitOpen) {
            return SendResult.deferred(method, target, snap.getMessage(), CIRCUIT_WAIT);
        }
        if (snap instanceof SnapCallException.RateLimited limited) {
            return SendResult.retry(method, target, 429, snap.getMessage(), limited.retryAfter().orElse(null));
        }
        return snap.retryable() ? SendResult.retry(method, target, snap.status(), snap.getMessage(), null)
                : SendResult.refused(method, target, snap.status(), snap.getMessage());
    }

    /** SnapCall's answer may be partial: keep what we knew, overlay what we set and what it said. */
    private JsonNode merged(String kind, String key, JsonNode answer, JsonNode sent) {
        JsonNode known = state.item(kind, key).map(Item::data).orElse(null);
        ObjectNode out = known instanceof ObjectNode object ? object : json.createObjectNode();
        if (sent != null && sent.isObject()) {
            out.setAll((ObjectNode) sent);
        }
        if (answer != null && answer.isObject()) {
            answer.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        }
        return out;
    }
}
