package io.switchboard.action;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * This instance's live actions, in memory, one lane per target (a button, an agent, a
 * template, a webhook host). A lane sends one request at a time, oldest action first — so
 * per-target order holds and {@code no_change} is judged against what the previous action
 * left — while up to {@code switchboard.actions.max-in-flight} lanes send at once.
 * {@code button.set_active} heads ready together go as one batch PUT — unless SnapCall refused
 * the batch before: then each is its own request (and takes its own in-flight slot).
 *
 * <p>A lane stays busy until the result is recorded, so nothing about a target is sent while
 * the previous result is unwritten. An action is sent only while this instance's claim on it
 * is certainly valid (its lease, renewed by {@link OutboxWorker}); otherwise it waits, and
 * after a lapse only the actions still owned are kept ({@link #retain}).
 */
@ApplicationScoped
public class ActionDispatcher {

    private static final Logger LOG = Logger.getLogger(ActionDispatcher.class);

    @Inject
    ActionSender sender;

    @Inject
    Settler settler;

    @Inject
    ActionConfig config;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    private static final class Lane {
        final String target;
        final TreeMap<Long, QueuedAction> queue = new TreeMap<>();
        /** When each queued action reached this dispatcher: after the commit that made it this instance's. */
        final Map<Long, Instant> heldSince = new HashMap<>();
        boolean busy;
        /** The action whose request is in flight while {@code busy}. */
        long sending;
        boolean queuedReady;
        boolean timer;

        Lane(String target) {
            this.target = target;
        }
    }

    private final Map<String, Lane> lanes = new HashMap<>();
    /**
     * Actions queued by transactions that have not ended yet, and since when (added without this
     * dispatcher's lock: engine threads). After {@link #EXPECTED_AT_MOST} an action is no longer
     * waited for: a hand-over lost that way (one that failed) must not keep it unsent for good.
     */
    private final Map<Long, Instant> expected = new ConcurrentHashMap<>();
    static final Duration EXPECTED_AT_MOST = Duration.ofMinutes(5);
    private boolean stopping;
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private int inFlight;
    private volatile Instant renewedAt = Instant.EPOCH;
    private final AtomicBoolean dispatchQueued = new AtomicBoolean();

    /** Takes actions this instance now owns (queued by a commit, or taken over by the recovery scan). */
    public void accept(List<QueuedAction> actions) {
        Instant now = clock.instant();
        synchronized (this) {
            for (QueuedAction action : actions) {
                expected.remove(action.id());
                Lane lane = lanes.computeIfAbsent(action.target(), Lane::new);
                QueuedAction held = lane.queue.get(action.id());
                if (held != null && held.epoch() > action.epoch()) {
                    continue; // a copy from before a newer claim of this instance's: the newer one is the live one
                }
                lane.queue.put(action.id(), action);
                lane.heldSince.put(action.id(), now);
                markReady(lane);
            }
        }
        dispatchSoon();
    }

    /** An action a transaction is queuing: handed over ({@link #accept}) if it commits. */
    void expect(long id) {
        expected.put(id, clock.instant());
    }

    /** Actions whose transaction ended without a known commit: nothing comes for them. */
    void unexpect(List<QueuedAction> actions) {
        actions.forEach(a -> expected.remove(a.id()));
    }

    /** The renewal that started at {@code startedAt} succeeded: claims are good until it plus the lease. */
    void renewed(Instant startedAt) {
        renewedAt = startedAt;
        dispatchSoon();
    }

    /**
     * After a lapse: keeps only the actions (id → epoch) this instance still owns, as read at
     * {@code readAt} — actions handed over after that read are kept whatever it says. Handed
     * over, not claimed: an action is claimed inside the transaction that queues it and handed
     * over after its commit, which may come after the read, and the read then cannot see it.
     */
    synchronized void retain(Map<Long, Long> owned, Instant readAt) {
        for (Lane lane : lanes.values()) {
            // A request in flight stays until its result (fenced out if it is no longer ours). The actions queued
            // behind it are judged like any other: kept, one would be sent the moment the lane freed (ActionLapseTest).
            lane.queue.values().removeIf(a -> !(lane.busy && a.id() == lane.sending)
                    && lane.heldSince.get(a.id()).isBefore(readAt)
                    && !Long.valueOf(a.epoch()).equals(owned.get(a.id())));
            lane.heldSince.keySet().retainAll(lane.queue.keySet());
        }
        lanes.values().removeIf(l -> l.queue.isEmpty() && !l.busy);
    }

    /**
     * Stops sending and waits (a few seconds at most) for the requests in flight to be recorded,
     * so a restart does not have to repeat them as lost tries; {@link OutboxWorker} then releases
     * the rest.
     */
    void stop(@Observes @Priority(1) ShutdownEvent shutdown) {
        synchronized (this) {
            stopping = true;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (inFlight == 0) {
                    return;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        LOG.warnf("stopping with %d request(s) unrecorded; the next start records them as lost tries", inFlight);
    }

    /** Those of {@code ids} that no lane holds and no transaction is about to hand over. */
    synchronized Set<Long> notHeld(Set<Long> ids) {
        Set<Long> out = new HashSet<>(ids);
        lanes.values().forEach(lane -> out.removeAll(lane.queue.keySet()));
        Instant since = clock.instant().minus(EXPECTED_AT_MOST);
        expected.entrySet().removeIf(e -> e.getValue().isBefore(since));
        out.removeAll(expected.keySet());
        return out;
    }

    /** The requests in flight, and the actions queued behind them. */
    record Busy(Set<Long> sending, Set<Long> waiting) {
    }

    synchronized Busy busy() {
        Set<Long> sending = lanes.values().stream().filter(l -> l.busy).map(l -> l.sending).collect(Collectors.toSet());
        Set<Long> waiting = lanes.values().stream().filter(l -> l.busy).flatMap(l -> l.queue.keySet().stream())
                .filter(id -> !sending.contains(id)).collect(Collectors.toSet());
        return new Busy(sending, waiting);
    }

    /** Forgets everything (tests that empty the tables). */
    public synchronized void forgetAll() {
        lanes.clear();
        expected.clear();
        ready.clear();
        sender.forgetBatchRefusal();
    }

    private boolean claimValid(QueuedAction action, Instant now) {
        Instant from = action.claimedAt().isAfter(renewedAt) ? action.claimedAt() : renewedAt;
        // A margin of a fifth of the lease: never send on a claim about to lapse.
        return now.isBefore(from.plus(config.claimLease().multipliedBy(4).dividedBy(5)));
    }

    private void markReady(Lane lane) {
        if (lane.busy || lane.queuedReady || lane.queue.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        QueuedAction head = lane.queue.firstEntry().getValue();
        Instant due = head.nextAttemptAt();
        if (!claimValid(head, now)) {
            due = now.plusSeconds(1);
        }
        if (due.isAfter(now)) {
            if (!lane.timer) {
                lane.timer = true;
                vertx.setTimer(Math.max(1, Duration.between(now, due).toMillis()), id -> {
                    synchronized (this) {
                        lane.timer = false;
                        if (lanes.get(lane.target) != lane) {
                            return; // forgotten meanwhile (forgetAll): its actions are no longer this dispatcher's
                        }
                        markReady(lane);
                    }
                    dispatch();
                });
            }
            return;
        }
        lane.queuedReady = true;
        ready.add(lane);
    }

    /**
     * Sends what is ready on an event loop, not on the caller: the shared writer hands actions
     * over and frees lanes between two commits, and should not also plan and start requests (8%
     * of the intake writer's time at full load). Calls made while one is queued share it.
     */
    private void dispatchSoon() {
        if (dispatchQueued.compareAndSet(false, true)) {
            try {
                vertx.runOnContext(v -> {
                    dispatchQueued.set(false);
                    dispatch();
                });
            } catch (RuntimeException refused) { // Vert.x closing: a later call may still get through
                dispatchQueued.set(false);
                throw refused;
            }
        }
    }

    private void dispatch() {
        List<List<QueuedAction>> groups = new ArrayList<>();
        synchronized (this) {
            List<QueuedAction> batch = new ArrayList<>();
            boolean batching = sender.batching();
            while (!stopping && inFlight + groups.size() < config.maxInFlight() && !ready.isEmpty()) {
                Lane lane = ready.poll();
                lane.queuedReady = false;
                if (lane.busy || lane.queue.isEmpty()) {
                    continue;
                }
                QueuedAction head = lane.queue.firstEntry().getValue();
                if (!claimValid(head, clock.instant()) || head.nextAttemptAt().isAfter(clock.instant())) {
                    markReady(lane);
                    continue;
                }
                lane.busy = true;
                lane.sending = head.id();
                if (head.spec().type() == ActionType.BUTTON_SET_ACTIVE && batching) {
                    batch.add(head);
                    if (batch.size() >= config.batchSize()) {
                        groups.add(batch);
                        batch = new ArrayList<>();
                    }
                } else {
                    groups.add(List.of(head));
                }
            }
            if (!batch.isEmpty()) {
                groups.add(batch);
            }
            inFlight += groups.size();
        }
        for (List<QueuedAction> group : groups) {
            sender.send(group).thenCompose(settler::settle).whenComplete((settled, failure) -> {
                if (failure != null) {
                    // Only when stopping: the lanes stay busy, so nothing is sent again; the next start
                    // takes these over and records the unrecorded tries as lost.
                    LOG.errorf(failure, "results of actions %s could not be recorded; left for the next start",
                            group.stream().map(QueuedAction::id).toList());
                    synchronized (this) {
                        inFlight--;
                    }
                    return;
                }
                done(group, settled);
            });
        }
    }

    private void done(List<QueuedAction> group, List<Outbox.Settled> settled) {
        synchronized (this) {
            inFlight--;
            Map<Long, Outbox.Settled> byId = new HashMap<>();
            settled.forEach(s -> byId.put(s.settlement().action().id(), s));
            for (QueuedAction action : group) {
                Lane lane = lanes.get(action.target());
                if (lane == null) {
                    continue;
                }
                lane.busy = false;
                Outbox.Settled result = byId.get(action.id());
                QueuedAction held = lane.queue.get(action.id());
                if (held == null || held.epoch() != action.epoch()) {
                    // taken over meanwhile and held again under a newer claim: that copy is the live one
                } else if (result != null && result.retry() != null) {
                    lane.queue.put(action.id(), result.retry());
                } else if (result != null) {
                    lane.queue.remove(action.id());
                    lane.heldSince.remove(action.id());
                    if (!result.owned()) {
                        LOG.warnf("action %d: another instance took it over; its result here was not recorded",
                                action.id());
                    }
                }
                if (lane.queue.isEmpty()) {
                    lanes.remove(lane.target);
                } else {
                    markReady(lane);
                }
            }
        }
        dispatchSoon();
    }

    /**
     * Whether every action handed over before {@code before} — committed, so visible to a renewal
     * that read after it — is among {@code renewed}. One that is not was settled meanwhile, or
     * taken over by another instance.
     */
    synchronized boolean allRenewed(Set<Long> renewed, Instant before) {
        return lanes.values().stream().flatMap(l -> l.heldSince.entrySet().stream())
                .noneMatch(e -> e.getValue().isBefore(before) && !renewed.contains(e.getKey()));
    }

    synchronized int held() {
        return lanes.values().stream().mapToInt(l -> l.queue.size()).sum();
    }
}
