package io.switchboard.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.Rule;
import io.switchboard.rule.RuleCompiler;
import io.switchboard.rule.RuleService;
import io.switchboard.rule.RulesChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Rules by trigger type, compiled, so an event only meets the rules of its type — rules of
 * other types cost nothing. Reloaded when the rules table changed: at once after an edit on
 * this instance, and within 0.1 s after another replica's (one cheap query detects it).
 */
@ApplicationScoped
public class RuleIndex {

    /** A rule as the engine runs it. */
    public record Entry(long id, String name, long version, boolean enabled, CompiledRule compiled) {
    }

    @Inject
    EntityManager em;

    @Inject
    RuleCompiler compiler;

    @Inject
    RuleService definitions;

    /** The rules at one moment, by trigger type and by id: immutable, so readers need no lock. */
    public record Catalog(Map<String, List<Entry>> byType, Map<Long, Entry> byId) {

        public static Catalog of(List<Entry> rules) {
            Map<String, List<Entry>> types = new HashMap<>();
            Map<Long, Entry> ids = new HashMap<>();
            for (Entry rule : rules) {
                types.computeIfAbsent(rule.compiled().definition().trigger().type(), t -> new ArrayList<>()).add(rule);
                ids.put(rule.id(), rule);
            }
            types.replaceAll((type, list) -> List.copyOf(list));
            return new Catalog(Map.copyOf(types), Map.copyOf(ids));
        }

        /** The rules an event of this type may concern: a map lookup, whatever the number of other rules. */
        public List<Entry> candidates(String eventType) {
            return byType.getOrDefault(eventType, List.of());
        }
    }

    /** Other replicas' edits are looked for at most this often: one cheap query, not one per engine batch. */
    static final long CHECK_EVERY_NANOS = 100_000_000L;

    private volatile String fingerprint = "";
    private final AtomicLong changes = new AtomicLong(1);
    private volatile long seenChanges;
    private volatile long checkedAt;
    private volatile Catalog catalog = Catalog.of(List.of());

    public List<Entry> candidates(String eventType) {
        return catalog().candidates(eventType);
    }

    /** The current rules, reloaded first if any replica changed them. */
    public Catalog catalog() {
        refresh();
        return catalog;
    }

    public Optional<Entry> find(long id) {
        refresh();
        return Optional.ofNullable(catalog.byId().get(id));
    }

    /** A rule changed on this instance: the next read reloads (committed, so the new rows are visible). */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RulesChanged change) {
        invalidate();
    }

    /** The next read checks the rules table (tests that empty it call this too). */
    public void invalidate() {
        changes.incrementAndGet();
    }

    private boolean current() {
        return seenChanges == changes.get() && System.nanoTime() - checkedAt < CHECK_EVERY_NANOS;
    }

    /** Readers that find the catalog due for a check wait for the one check (and reload) in progress. */
    private void refresh() {
        if (current()) {
            return;
        }
        synchronized (this) {
            if (current()) {
                return;
            }
            long changesBefore = changes.get();
            long tick = System.nanoTime();
            reloadIfChanged();
            seenChanges = changesBefore;
            checkedAt = tick;
        }
    }

    private void reloadIfChanged() {
        // Native SQL: one cheap statement, without query translation.
        Object[] row = (Object[]) em.createNativeQuery("select count(*), max(updated_at), sum(version) from rules")
                .getSingleResult();
        String now = row[0] + "|" + row[1] + "|" + row[2];
        if (now.equals(fingerprint)) {
            return;
        }
        List<Entry> rules = new ArrayList<>();
        for (Rule rule : Rule.<Rule> listAll()) {
            rules.add(new Entry(rule.id, rule.name, rule.version, rule.enabled,
                    compiler.compiled(rule.id, rule.version, definitions.read(rule))));
        }
        catalog = Catalog.of(rules);
        fingerprint = now;
    }
}
