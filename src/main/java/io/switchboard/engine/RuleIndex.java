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

    private volatile String fingerprint = "";
    private volatile Map<String, List<Entry>> byType = Map.of();
    private volatile Map<Long, Entry> byId = Map.of();

    public List<Entry> candidates(String eventType) {
        refresh();
        return byType.getOrDefault(eventType, List.of());
    }

    public Optional<Entry> find(long id) {
        refresh();
        return Optional.ofNullable(byId.get(id));
    }

    public List<Entry> all() {
        refresh();
        return List.copyOf(byId.values());
    }

    private void refresh() {
        Object[] row = (Object[]) em.createQuery("select count(r), max(r.updatedAt), sum(r.version) from Rule r")
                .getSingleResult();
        String now = row[0] + "|" + row[1] + "|" + row[2];
        if (now.equals(fingerprint)) {
            return;
        }
        synchronized (this) {
            Map<String, List<Entry>> types = new HashMap<>();
            Map<Long, Entry> ids = new HashMap<>();
            for (Rule rule : Rule.<Rule> listAll()) {
                Entry entry = new Entry(rule.id, rule.name, rule.version, rule.enabled,
                        compiler.compiled(rule.id, rule.version, RuleService.read(rule)));
                types.computeIfAbsent(rule.triggerType, t -> new ArrayList<>()).add(entry);
                ids.put(rule.id, entry);
            }
            byType = types;
            byId = ids;
            fingerprint = now;
        }
    }
}
