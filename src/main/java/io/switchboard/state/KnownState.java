package io.switchboard.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.rule.StateView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * What Switchboard last read from SnapCall (agents, buttons, recent calls), kept in the
 * database so every replica and every restart sees the same, and mirrored in memory for the
 * engine. Writers bump a revision in their transaction; readers reload when it moved.
 */
@ApplicationScoped
public class KnownState implements StateView {

    public static final String AGENT = "agent";
    public static final String BUTTON = "button";
    public static final String CALL = "call";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    StateConfig config;

    /** A known item: its data and when SnapCall last told us. */
    public record Item(JsonNode data, Instant seenAt, long sequence) {
        public boolean freshAt(Instant now, java.time.Duration maxAge) {
            return !seenAt.plus(maxAge).isBefore(now);
        }
    }

    /** JSON equality where 2 and 2.0 are the same number (a stored int reads back as another node type). */
    public static final java.util.Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    public static boolean same(JsonNode a, JsonNode b) {
        return a == null ? b == null : b != null && a.equals(SAME_VALUE, b);
    }

    private volatile long loadedRevision = -1;
    private volatile io.switchboard.rule.EvaluationContext.State evaluationState;
    private volatile long evaluationRevision = -2;
    private final Map<String, Map<String, Item>> mirror = new ConcurrentHashMap<>();

    /** Reads one item inside the caller's transaction (outside one, use {@link #all(String)}). */
    public Optional<Item> find(String kind, String key) {
        Snapshot row = Snapshot.findById(new Snapshot.Key(kind, key));
        return Optional.ofNullable(row).map(KnownState::item);
    }

    /**
     * What recording changed: the state before (empty at first sighting), and the item's
     * sequence after — bumped by each change of its data, so it names this change uniquely.
     */
    public record Recorded(Optional<Item> previous, long sequence) {
    }

    /** Records what SnapCall said, in the caller's transaction. */
    public Recorded record(String kind, String key, JsonNode data, Instant seenAt) {
        Snapshot row = em.find(Snapshot.class, new Snapshot.Key(kind, key), LockModeType.PESSIMISTIC_WRITE);
        String text = data.toString();
        if (row == null) {
            row = new Snapshot();
            row.kind = kind;
            row.itemKey = key;
            row.data = text;
            row.seenAt = seenAt;
            row.sequence = 1;
            row.persist();
            bumpRevision();
            return new Recorded(Optional.empty(), row.sequence);
        }
        Item previous = item(row);
        if (!row.data.equals(text)) {
            row.data = text;
            row.sequence++;
        }
        row.seenAt = seenAt;
        bumpRevision();
        return new Recorded(Optional.of(previous), row.sequence);
    }

    /** Drops calls older than the calls window. */
    public void pruneCalls(Instant now) {
        List<Snapshot> calls = Snapshot.list("kind", CALL);
        Instant limit = now.minus(config.callsWindow());
        for (Snapshot call : calls) {
            Instant created = createdAt(parse(call.data));
            if (created != null && created.isBefore(limit)) {
                call.delete();
            }
        }
        bumpRevision();
    }

    private void bumpRevision() {
        em.createNativeQuery("update state_revision set revision = revision + 1 where id = 1").executeUpdate();
    }

    /** All known items of a kind, from the in-memory mirror (reloaded when another writer moved the revision). */
    public Map<String, Item> all(String kind) {
        refresh();
        return mirror.getOrDefault(kind, Map.of());
    }

    /** What conditions see as agents, buttons and calls — converted once per change of the state. */
    public io.switchboard.rule.EvaluationContext.State evaluationState() {
        refresh();
        long revision = loadedRevision;
        if (evaluationRevision != revision) {
            evaluationState = io.switchboard.rule.EvaluationContext.State.of(agents(), buttons(), calls());
            evaluationRevision = revision;
        }
        return evaluationState;
    }

    @Override
    public JsonNode agents() {
        return asObject(all(AGENT));
    }

    @Override
    public JsonNode buttons() {
        return asObject(all(BUTTON));
    }

    @Override
    public JsonNode calls() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        all(CALL).values().stream().map(Item::data)
                .sorted(Comparator.comparing(c -> String.valueOf(c.path("created_at").asText())))
                .forEach(list::add);
        return list;
    }

    private void refresh() {
        // Joins the caller's transaction, or opens one: readers run on request, worker and poller threads alike.
        io.quarkus.narayana.jta.QuarkusTransaction.joiningExisting().run(this::reload);
    }

    private void reload() {
        Number revision = (Number) em.createNativeQuery("select revision from state_revision where id = 1")
                .getSingleResult();
        if (revision.longValue() == loadedRevision) {
            return;
        }
        synchronized (this) {
            // Plain SQL, not entities: a long-lived session would hand back the rows it cached earlier.
            Map<String, Map<String, Item>> fresh = new ConcurrentHashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select kind, item_key, data, seen_at, sequence from snapshots")
                    .getResultList();
            for (Object[] row : rows) {
                fresh.computeIfAbsent((String) row[0], k -> new ConcurrentHashMap<>()).put((String) row[1],
                        new Item(parse((String) row[2]), instant(row[3]), ((Number) row[4]).longValue()));
            }
            mirror.clear();
            mirror.putAll(fresh);
            loadedRevision = revision.longValue();
        }
    }

    private static ObjectNode asObject(Map<String, Item> items) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        new ArrayList<>(items.keySet()).stream().sorted().forEach(k -> out.set(k, items.get(k).data()));
        return out;
    }

    private static Item item(Snapshot row) {
        return new Item(parse(row.data), row.seenAt, row.sequence);
    }

    private static Instant instant(Object column) {
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (column instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return Instant.parse(String.valueOf(column));
    }

    static Instant createdAt(JsonNode call) {
        try {
            return Instant.parse(call.path("created_at").asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
