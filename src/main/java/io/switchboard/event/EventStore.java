package io.switchboard.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.switchboard.AfterCommit;
import io.switchboard.web.ListFilter;
import io.switchboard.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Stores each event once, in the caller's transaction, and hands unprocessed ones to the engine. */
@ApplicationScoped
public class EventStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    jakarta.enterprise.event.Event<EventsStored> stored;

    @Inject
    AfterCommit afterCommit;

    @Inject
    io.switchboard.Metrics metrics;

    /**
     * Stores the event unless one with the same dedupe key exists. The full event object (with
     * {@code type}, {@code id}, {@code occurred_at}, {@code subject}) is what conditions see.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Event> append(EventDraft draft) {
        if (Event.count("dedupeKey", draft.dedupeKey()) > 0) {
            return Optional.empty();
        }
        Event event = new Event();
        event.type = draft.type();
        event.source = draft.source();
        event.subject = draft.subject();
        event.dedupeKey = draft.dedupeKey();
        event.occurredAt = draft.occurredAt();
        event.receivedAt = Instant.now();
        ObjectNode fields = draft.fields().deepCopy();
        fields.put("type", draft.type());
        fields.put("occurred_at", draft.occurredAt().toString());
        fields.put("subject", draft.subject());
        // "id" is added when read (fields(event)): one insert per event, no update once the id is known
        event.payload = fields.toString();
        event.persist();
        metrics.event(draft.type());
        wakeEngineAfterCommit();
        return Optional.of(event);
    }

    /** The oldest unprocessed events, locked for this transaction (other replicas skip them). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Event> claimUnprocessed(int limit) {
        return Event.<Event> find("processedAt is null", Sort.by("id"))
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, limit).list();
    }

    public long unprocessed() {
        return Event.count("processedAt is null");
    }

    public Page<Event> list(int page, int size, String type, String source, Instant since) {
        ListFilter filter = new ListFilter().equal("type", type).equal("source", source).atLeast("receivedAt", since);
        PanacheQuery<Event> query = Event.find(filter.where(), Sort.by("id").descending(), filter.params());
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    /** The event as conditions see it: its stored fields plus its id. */
    public static ObjectNode fields(Event event) {
        try {
            ObjectNode fields = (ObjectNode) JSON.readTree(event.payload);
            fields.put("id", event.id);
            return fields;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id + " holds unreadable JSON", e);
        }
    }

    private void wakeEngineAfterCommit() {
        afterCommit.signal(EventStore.class, () -> stored.fireAsync(new EventsStored(1)));
    }
}
