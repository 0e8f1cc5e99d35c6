package io.switchboard.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.switchboard.Metrics;
import io.switchboard.RowInserts;
import io.switchboard.web.ListFilter;
import io.switchboard.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Stores each event once (by dedupe key), in the caller's transaction, one JDBC batch per call
 * ({@link RowInserts}). The caller decides the events it stored (the engine) in that same
 * transaction — so an event is marked processed as it is inserted, and no stage has to find it
 * again. Events left unprocessed (stored by an older version) are found by
 * {@link #claimUnprocessed}, the recovery scan.
 */
@ApplicationScoped
public class EventStore {

    /**
     * Longest a draft's fields may serialize to: the payload column less room for what
     * {@link #appendAll} adds (type, occurred_at and subject, bounded by their own columns).
     */
    public static final int MAX_FIELDS_LENGTH = Event.PAYLOAD_LENGTH - 1_024;

    @Inject
    Metrics metrics;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    RowInserts inserts;

    /** Stores the event unless one with the same key exists; see {@link #appendAll}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Event> append(EventDraft draft) {
        return appendAll(List.of(draft)).get(0).stored();
    }

    /** What became of one draft: the event it made, or the id of the one stored earlier with its key. */
    public record Appended(Optional<Event> stored, Long earlierId) {
        public boolean duplicate() {
            return stored.isEmpty();
        }

        public Long eventId() {
            return stored.map(e -> e.id).orElse(earlierId);
        }
    }

    /**
     * Stores the drafts whose dedupe key is new (one lookup for all of them), in order. The full
     * event object (with {@code type}, {@code id}, {@code occurred_at}, {@code subject}) is what
     * conditions see.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Appended> appendAll(List<EventDraft> drafts) {
        Map<String, Long> known = new HashMap<>();
        List<String> keys = drafts.stream().filter(d -> !d.unique()).map(EventDraft::dedupeKey).distinct().toList();
        for (int from = 0; from < keys.size(); from += 500) {
            Event.<Event> find("dedupeKey in ?1", keys.subList(from, Math.min(keys.size(), from + 500))).stream()
                    .forEach(e -> known.put(e.dedupeKey, e.id));
        }
        Instant now = clock.instant();
        List<Appended> out = new ArrayList<>(drafts.size());
        Map<String, Event> stored = new HashMap<>();
        for (EventDraft draft : drafts) {
            if (known.containsKey(draft.dedupeKey())) {
                out.add(new Appended(Optional.empty(), known.get(draft.dedupeKey())));
                continue;
            }
            Event earlier = stored.get(draft.dedupeKey());
            if (earlier != null) {
                out.add(new Appended(Optional.empty(), earlier.id));
                continue;
            }
            Event event = new Event();
            event.type = draft.type();
            event.source = draft.source();
            event.subject = draft.subject();
            event.dedupeKey = draft.dedupeKey();
            event.occurredAt = draft.occurredAt();
            event.receivedAt = now;
            event.processedAt = now;
            ObjectNode fields = draft.fields().deepCopy();
            fields.put("type", draft.type());
            fields.put("occurred_at", draft.occurredAt().toString());
            fields.put("subject", draft.subject());
            // "id" is added when read (fields(event)): one insert per event, no update once the id is known
            event.payload = fields.toString();
            event.id = inserts.nextId(event);
            fields.put("id", event.id);
            event.fields = fields;
            stored.put(draft.dedupeKey(), event);
            metrics.event(draft.type());
            out.add(new Appended(Optional.of(event), null));
        }
        // Inserted now, before the engine's subject locks (Hibernate inserted them at the commit): a delivery
        // with the same key on another replica waits for this batch's commit, then falls back one by one.
        inserts.insert(INSERT, out.stream().flatMap(a -> a.stored().stream()).toList(), EventStore::values);
        return out;
    }

    private static final String INSERT = "insert into events (id, type, source, subject, dedupe_key, payload, "
            + "occurred_at, received_at, processed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static Object[] values(Event event) {
        return new Object[] { event.id, event.type, event.source, event.subject, event.dedupeKey, event.payload,
            event.occurredAt, event.receivedAt, event.processedAt };
    }

    /** Whether a draft whose fields serialize to {@code fieldsLength} characters can be stored. */
    public static boolean fits(long fieldsLength) {
        return fieldsLength <= MAX_FIELDS_LENGTH;
    }

    /** The oldest unprocessed events (left by a version that decided later), locked for this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Event> claimUnprocessed(int limit) {
        return Event.<Event> find("processedAt is null", Sort.by("id"))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, limit).list();
    }

    public long unprocessed() {
        return Event.count("processedAt is null");
    }

    public Page<Event> list(int page, int size, String type, String source, Instant since) {
        ListFilter filter = new ListFilter().equal("type", type).equal("source", source).atLeast("receivedAt", since);
        PanacheQuery<Event> query = Event.find(filter.where(),
                // Newest first by time: ids come in blocks per replica, so they are not in time order across replicas.
                Sort.by("receivedAt").descending().and("id", Sort.Direction.Descending), filter.params());
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    /** The event as conditions see it: its stored fields plus its id. */
    public ObjectNode fields(Event event) {
        if (event.fields != null) {
            return event.fields;
        }
        try {
            ObjectNode fields = (ObjectNode) json.readTree(event.payload);
            fields.put("id", event.id);
            return fields;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id + " holds unreadable JSON", e);
        }
    }
}
