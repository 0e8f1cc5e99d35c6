package io.switchboard.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.switchboard.rule.CompiledRule;
import io.switchboard.rule.Rule;
import io.switchboard.rule.RuleCompiler;
import io.switchboard.rule.RuleService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Rules by trigger type, compiled, so an event only meets the rules of its type — rules of
 * other types cost nothing. Reloaded when the rules table changed (any replica's edit), which
 * one cheap query per engine round detects.
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

    private volatile String fingerprint = "";
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

    private void refresh() {
        Object[] row = (Object[]) em.createQuery("select count(r), max(r.updatedAt), sum(r.version) from Rule r")
                .getSingleResult();
        String now = row[0] + "|" + row[1] + "|" + row[2];
        if (now.equals(fingerprint)) {
            return;
        }
        synchronized (this) {
            List<Entry> rules = new ArrayList<>();
            for (Rule rule : Rule.<Rule> listAll()) {
                rules.add(new Entry(rule.id, rule.name, rule.version, rule.enabled,
                        compiler.compiled(rule.id, rule.version, RuleService.read(rule))));
            }
            catalog = Catalog.of(rules);
            fingerprint = now;
        }
    }
}
