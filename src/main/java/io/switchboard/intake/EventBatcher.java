package io.switchboard.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.quarkus.runtime.Startup;
import io.switchboard.GroupCommit;
import io.switchboard.Metrics;
import io.switchboard.SharedWriter;
import io.switchboard.engine.Engine;
import io.switchboard.event.Event;
import io.switchboard.event.EventDraft;
import io.switchboard.event.EventStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Decide on commit for inbound events: deliveries that arrive together are stored, decided by
 * the engine (traces, queued actions) and committed in one transaction (the {@link SharedWriter}'s,
 * which records the sender's results alongside); each caller is answered
 * once that commit is done. So a 202 means stored and decided, and nothing has to look for the
 * event again. Bounded in bytes ({@code switchboard.intake.max-queued-bytes}): past it, a
 * delivery is refused (the sender retries after {@code Retry-After}) instead of filling the heap.
 */
@Startup
@ApplicationScoped
public class EventBatcher {

    /** Refused for good: the event would not fit its column ({@link EventStore#MAX_FIELDS_LENGTH}), now or ever. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(long length) {
            super("the event would take " + length + " characters stored; at most " + EventStore.MAX_FIELDS_LENGTH
                    + " fit");
        }
    }

    /** What storing a delivery did: the event it made, or the one an earlier delivery with the same key made. */
    public record Stored(Long eventId, boolean duplicate) {
    }

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    @Inject
    IntakeConfig config;

    @Inject
    SharedWriter shared;

    @Inject
    Metrics metrics;

    private GroupCommit.Kind<EventDraft, Stored> writer;

    @PostConstruct
    void start() {
        writer = shared.commits().kind("event intake", SharedWriter.DELIVERIES, config.maxQueuedBytes(), 5,
                draft -> weight(draft.fields().toString().length()), this::storeAndDecide)
                .observe(size -> metrics.groupCommit("intake", size))
                .answerBeforeHandOffs(); // the 202 says stored and decided; sending is the sender's business
    }

    /**
     * Queues a delivery; completes after the transaction that stored and decided it committed.
     * One that could never be stored fails at once ({@link TooLarge}) instead of being tried in
     * vain; one that finds the queue full fails with {@link GroupCommit.Full}.
     */
    public CompletableFuture<Stored> store(EventDraft draft) {
        long length = draft.fields().toString().length();
        if (!EventStore.fits(length)) {
            return CompletableFuture.failedFuture(new TooLarge(length));
        }
        return writer.offer(draft, weight(length));
    }

    /** What a delivery weighs against the byte bound: its fields and the bookkeeping around them. */
    private static long weight(long fieldsLength) {
        return 256L + fieldsLength;
    }

    public long queuedBytes() {
        return writer.queuedBytes();
    }

    private List<Stored> storeAndDecide(List<EventDraft> drafts) {
        List<EventStore.Appended> appended = events.appendAll(drafts);
        List<Event> fresh = new ArrayList<>();
        List<Stored> out = new ArrayList<>(appended.size());
        for (EventStore.Appended one : appended) {
            one.stored().ifPresent(fresh::add);
            out.add(new Stored(one.eventId(), one.duplicate()));
        }
        engine.decide(fresh);
        return out;
    }
}
