package io.switchboard.rule;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.switchboard.action.ActionPlanner;
import io.switchboard.action.PlannedRequest;
import io.switchboard.web.ListFilter;
import io.switchboard.web.Page;
import io.switchboard.web.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Rules: storing them (only ever valid ones), switching them, and dry runs. */
@ApplicationScoped
public class RuleService {

    /** Tells this instance's rule catalog to reload once the change committed. */
    @Inject
    Event<RulesChanged> changed;

    @Inject
    ObjectMapper json;

    @Inject
    RuleCompiler compiler;

    @Inject
    StateView state;

    @Inject
    Clock clock;

    @Transactional
    public RuleView create(JsonNode body) {
        changed.fire(new RulesChanged());
        RuleDefinition definition = compiler.compile(body).definition();
        ensureNameFree(definition.name(), null);
        Rule rule = new Rule();
        rule.createdAt = clock.instant();
        apply(rule, definition);
        rule.persistAndFlush();
        return view(rule);
    }

    public RuleView get(long id) {
        return view(find(id));
    }

    public Page<RuleView> list(int page, int size, Boolean enabled, String trigger, String nameContains) {
        ListFilter filter = new ListFilter().equal("enabled", enabled).equal("triggerType", trigger)
                .contains("name", nameContains);
        PanacheQuery<Rule> query = Rule.find(filter.where(), Sort.by("id"), filter.params());
        List<RuleView> items = query.page(page, size).list().stream().map(this::view).toList();
        return new Page<>(items, page, size, query.count());
    }

    /** Replaces a rule's content; the body must carry the {@code version} the caller read. */
    @Transactional
    public RuleView update(long id, JsonNode body) {
        changed.fire(new RulesChanged());
        JsonNode version = body == null ? null : body.get("version");
        if (version == null || !version.canConvertToLong() || !version.isIntegralNumber()) {
            throw new RuleInvalidException(List.of(new FieldError("version",
                    "is required: send back the version you read, so concurrent edits are not lost")));
        }
        RuleDefinition definition = compiler.compile(body).definition();
        Rule rule = find(id);
        if (rule.version != version.longValue()) {
            throw new RuleConflictException("version", "rule " + id + " is at version " + rule.version
                    + ", not " + version.longValue() + ": read it again and reapply your change");
        }
        ensureNameFree(definition.name(), id);
        apply(rule, definition);
        rule.flush();
        compiler.forget(id);
        return view(rule);
    }

    @Transactional
    public void delete(long id) {
        changed.fire(new RulesChanged());
        find(id).delete();
        compiler.forget(id);
    }

    @Transactional
    public RuleView setEnabled(long id, boolean enabled) {
        changed.fire(new RulesChanged());
        Rule rule = find(id);
        if (rule.enabled != enabled) {
            ObjectNode definition = read(rule);
            definition.put("enabled", enabled);
            rule.enabled = enabled;
            rule.definition = definition.toString();
            rule.updatedAt = clock.instant();
            rule.flush();
        }
        return view(rule);
    }

    /** Checks a rule without storing it; answers its canonical form. */
    public JsonNode validate(JsonNode body) {
        return compiler.compile(body).definition().toJson();
    }

    /** Creates the rule or replaces the one of the same name (rules as code); the definition is a compiled one. */
    @Transactional
    public RuleView upsert(RuleDefinition definition) {
        changed.fire(new RulesChanged());
        Optional<Rule> existing = Rule.find("name", definition.name()).firstResultOptional();
        Rule rule = existing.orElseGet(() -> {
            Rule fresh = new Rule();
            fresh.createdAt = clock.instant();
            return fresh;
        });
        apply(rule, definition);
        if (rule.id == null) {
            rule.persist();
        }
        rule.flush();
        compiler.forget(rule.id);
        return view(rule);
    }

    /** Dry run of a stored rule. */
    public DryRun test(long id, JsonNode request) {
        Rule rule = find(id);
        return dryRun(rule.id, compiler.compiled(rule.id, rule.version, read(rule)), request);
    }

    /** Dry run of a rule that is not stored: {@code {"rule": {...}, "event": {...}, "state": {...}}}. */
    public DryRun test(JsonNode request) {
        JsonNode rule = request == null ? null : request.get("rule");
        if (rule == null || !rule.isObject()) {
            throw new RuleInvalidException(List.of(new FieldError("rule", "is required: the rule to try")));
        }
        return dryRun(null, compiler.compile(rule), request);
    }

    private DryRun dryRun(Long id, CompiledRule compiled, JsonNode request) {
        RuleDefinition rule = compiled.definition();
        JsonNode sample = request == null ? null : request.get("event");
        List<FieldError> errors = new ArrayList<>();
        if (sample == null || !sample.isObject()) {
            errors.add(new FieldError("event", "is required: a sample event object"));
        }
        Instant now = clock.instant();
        JsonNode nowField = request == null ? null : request.get("now");
        if (nowField != null && !nowField.isNull()) {
            try {
                now = Instant.parse(nowField.asText());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("now", "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z"));
            }
        }
        JsonNode given = request == null ? null : request.get("state");
        if (given != null && !given.isNull() && !given.isObject()) {
            errors.add(new FieldError("state", "must be an object with agents, buttons and calls"));
        }
        if (!errors.isEmpty()) {
            throw new RuleInvalidException(errors);
        }
        ObjectNode event = ((ObjectNode) sample).deepCopy();
        if (!event.hasNonNull("type")) {
            event.put("type", rule.trigger().type());
        }
        event.putIfAbsent("id", JsonNodeFactory.instance.textNode("sample"));
        event.putIfAbsent("occurred_at", JsonNodeFactory.instance.textNode(now.toString()));
        // A given state is the whole world of the dry run; without one, what Switchboard knows now.
        boolean stated = given != null && given.isObject();
        JsonNode agents = stated ? given.path("agents") : state.agents();
        JsonNode buttons = stated ? given.path("buttons") : state.buttons();
        JsonNode calls = stated ? given.path("calls") : state.calls();
        EvaluationContext context = EvaluationContext.of(event, now, agents, buttons, calls);

        String holdFor = rule.holdFor() == null ? null : rule.holdFor().toString();
        String cooldown = rule.cooldown() == null ? null : rule.cooldown().toString();
        Optional<String> notCandidate = whyNotCandidate(rule.trigger(), event);
        if (notCandidate.isPresent()) {
            return new DryRun(id, rule.name(), false, "not_candidate", notCandidate.get(), null, holdFor, cooldown,
                    List.of());
        }
        // The engine's own decision, on the rule as if enabled (a dry run shows what it would do once enabled).
        CompiledRule.ConditionResult result = compiled.evaluateCondition(context);
        Decision.Verdict verdict = Decision.decide(new Decision.Facts(true, null, rule.holdFor(), null, now), () -> result);
        DryRun.Condition condition = new DryRun.Condition(rule.condition(),
                result.error() == null ? result.value() : null, result.error());
        String outcome = verdict.outcome().wire();
        String reason = switch (verdict.outcome()) {
            case EVALUATION_ERROR -> result.error();
            case CONDITION_FALSE -> "the condition is false for this event";
            case WAITING -> "the condition holds; the actions run if it still holds after " + holdFor;
            case FIRED -> "the condition holds";
            case COOLDOWN, DISABLED, HOLD_CANCELLED -> verdict.detail();
        };
        if (verdict.outcome() == Decision.Outcome.EVALUATION_ERROR || verdict.outcome() == Decision.Outcome.CONDITION_FALSE) {
            return new DryRun(id, rule.name(), true, outcome, reason, condition, holdFor, cooldown, List.of());
        }
        List<DryRun.PlannedAction> planned = compiled.resolveActions(context).stream()
                .map(resolved -> plan(resolved, buttons, agents)).toList();
        if (!rule.enabled()) {
            outcome = Decision.Outcome.DISABLED.wire();
            reason = "the condition holds, but the rule is disabled: these actions would run once it is enabled";
        }
        return new DryRun(id, rule.name(), true, outcome, reason, condition, holdFor, cooldown, planned);
    }

    private static DryRun.PlannedAction plan(CompiledRule.ResolvedAction resolved, JsonNode buttons, JsonNode agents) {
        String type = resolved.action().type().wire();
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        resolved.action().params().forEach(params::set);
        if (resolved.error() != null) {
            return new DryRun.PlannedAction(type, params, null, null, null, null, null, resolved.error());
        }
        try {
            PlannedRequest request = ActionPlanner.plan(resolved.action(), buttons, agents);
            return new DryRun.PlannedAction(type, params, request.method(), request.target(), request.body(),
                    request.expectedNoChange() ? "no_change" : "send", request.note(), null);
        } catch (IllegalArgumentException e) {
            return new DryRun.PlannedAction(type, params, null, null, null, null, null, e.getMessage());
        }
    }

    static Optional<String> whyNotCandidate(Trigger trigger, JsonNode event) {
        String type = event.path("type").asText();
        if (!trigger.type().equals(type)) {
            return Optional.of("the rule's trigger is " + trigger.type() + ", the event is " + type);
        }
        if (trigger.kind() == TriggerType.WEBHOOK && !trigger.source().equals(event.path("source").asText())) {
            return Optional.of("the rule listens to webhook source '" + trigger.source() + "', the event came from '"
                    + event.path("source").asText() + "'");
        }
        return Optional.empty();
    }

    private void ensureNameFree(String name, Long id) {
        Optional<Rule> holder = Rule.find("name", name).firstResultOptional();
        if (holder.isPresent() && !holder.get().id.equals(id)) {
            throw new RuleConflictException("name", "a rule named '" + name + "' exists already (id "
                    + holder.get().id + ")");
        }
    }

    private void apply(Rule rule, RuleDefinition definition) {
        rule.name = definition.name();
        rule.description = definition.description();
        rule.enabled = definition.enabled();
        rule.triggerType = definition.trigger().type();
        rule.definition = definition.toJson().toString();
        rule.updatedAt = clock.instant();
    }

    private static Rule find(long id) {
        Rule rule = Rule.findById(id);
        if (rule == null) {
            throw new RuleNotFoundException(id);
        }
        return rule;
    }

    /** The stored canonical definition. */
    public ObjectNode read(Rule rule) {
        try {
            return (ObjectNode) json.readTree(rule.definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule " + rule.id + " holds unreadable JSON", e);
        }
    }

    private RuleView view(Rule rule) {
        return RuleView.of(rule, read(rule));
    }
}
