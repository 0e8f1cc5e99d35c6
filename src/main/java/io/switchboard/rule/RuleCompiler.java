package io.switchboard.rule;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import io.switchboard.action.ActionSpec;
import io.switchboard.action.ActionType;
import io.switchboard.action.WebhookTargets;
import io.switchboard.web.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates a rule as JSON and compiles it: every fault is collected with its field and reason
 * (CEL errors with line and column), so one answer tells the author everything to fix. Stored
 * rules are compiled once per version and cached.
 */
@ApplicationScoped
public class RuleCompiler {

    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2_000;
    static final int MAX_ACTIONS = 20;
    static final Duration MAX_FOR = Duration.ofDays(7);
    static final Duration MAX_COOLDOWN = Duration.ofDays(30);
    private static final Set<String> RULE_FIELDS = Set.of("name", "description", "enabled", "trigger", "condition",
            "for", "cooldown", "actions", "id", "version", "created_at", "updated_at");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    WebhookTargets webhookTargets;

    @Inject
    Config config;

    private final Map<String, CompiledRule> cache = new ConcurrentHashMap<>();

    /** The compiled form of a stored rule version; compiled on first use. */
    public CompiledRule compiled(long id, long version, JsonNode json) {
        String key = id + ":" + version;
        CompiledRule found = cache.get(key);
        if (found == null) {
            found = compile(json);
            forget(id);
            cache.put(key, found);
        }
        return found;
    }

    public void forget(long id) {
        cache.keySet().removeIf(k -> k.startsWith(id + ":"));
    }

    /** @throws RuleInvalidException with every field at fault */
    public CompiledRule compile(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new RuleInvalidException(List.of(new FieldError("$", "a rule must be a JSON object")));
        }
        json.fieldNames().forEachRemaining(field -> {
            if (!RULE_FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a rule field"));
            }
        });
        String name = text(json, "name", true, MAX_NAME, errors);
        String description = text(json, "description", false, MAX_DESCRIPTION, errors);
        boolean enabled = bool(json, "enabled", true, errors);
        Trigger trigger = trigger(json.get("trigger"), errors);
        String condition = text(json, "condition", false, Expressions.MAX_LENGTH, errors);
        if (condition != null && condition.isBlank()) {
            condition = null;
        }
        Duration holdFor = duration(json, "for", MAX_FOR, errors);
        Duration cooldown = duration(json, "cooldown", MAX_COOLDOWN, errors);

        Expressions.Program program = null;
        if (condition != null) {
            try {
                program = Expressions.condition(condition);
            } catch (Expressions.Invalid e) {
                e.issues().forEach(issue -> errors.add(celError("condition", issue)));
            }
        }
        Map<String, Expressions.Program> templates = new HashMap<>();
        List<ActionSpec> actions = actions(json.get("actions"), templates, errors);
        if (!errors.isEmpty()) {
            throw new RuleInvalidException(errors);
        }
        RuleDefinition definition = new RuleDefinition(name.trim(), description, enabled, trigger, condition, holdFor,
                cooldown, actions);
        return new CompiledRule(definition, program, templates);
    }

    private Trigger trigger(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("trigger", "is required"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("trigger", "must be an object"));
            return null;
        }
        String type = text(node, "type", true, 64, errors, "trigger.");
        Optional<TriggerType> kind = type == null ? Optional.empty() : TriggerType.fromWire(type);
        if (type != null && kind.isEmpty()) {
            errors.add(new FieldError("trigger.type", "unknown trigger type '" + type + "'; one of "
                    + String.join(", ", TriggerType.wireNames())));
            return null;
        }
        if (kind.isEmpty()) {
            return null;
        }
        Set<String> allowed = switch (kind.get()) {
            case SCHEDULE -> Set.of("type", "cron", "timezone");
            case WEBHOOK -> Set.of("type", "source");
            default -> Set.of("type");
        };
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                errors.add(new FieldError("trigger." + field, "is not allowed for trigger " + type));
            }
        });
        String cron = null;
        String timezone = null;
        String source = null;
        if (kind.get() == TriggerType.SCHEDULE) {
            cron = text(node, "cron", true, 200, errors, "trigger.");
            timezone = text(node, "timezone", false, 64, errors, "trigger.");
            ZoneId zone = ZoneId.of("UTC");
            if (timezone != null) {
                try {
                    zone = ZoneId.of(timezone);
                } catch (RuntimeException e) {
                    errors.add(new FieldError("trigger.timezone", "unknown time zone '" + timezone + "'"));
                }
            }
            if (cron != null) {
                try {
                    CronSchedule.parse(cron, zone);
                } catch (RuntimeException e) {
                    errors.add(new FieldError("trigger.cron", "invalid cron expression: " + e.getMessage()));
                }
            }
        }
        if (kind.get() == TriggerType.WEBHOOK) {
            source = text(node, "source", true, 64, errors, "trigger.");
            if (source != null && !SOURCE.matcher(source).matches()) {
                errors.add(new FieldError("trigger.source", "must be 1-64 letters, digits, '-' or '_'"));
            } else if (source != null
                    && config.getOptionalValue("switchboard.webhooks." + source + ".secret", String.class).isEmpty()) {
                errors.add(new FieldError("trigger.source", "no secret is configured for source '" + source
                        + "' (switchboard.webhooks." + source + ".secret): its webhooks would all be refused"));
            }
        }
        return new Trigger(type, cron, timezone, source);
    }

    private List<ActionSpec> actions(JsonNode node, Map<String, Expressions.Program> templates, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("actions", "is required"));
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("actions", "must be a non-empty array"));
            return List.of();
        }
        if (node.size() > MAX_ACTIONS) {
            errors.add(new FieldError("actions", "at most " + MAX_ACTIONS + " actions per rule"));
            return List.of();
        }
        List<ActionSpec> actions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "actions[" + i + "]";
            JsonNode action = node.get(i);
            if (!action.isObject()) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            String type = text(action, "type", true, 64, errors, at + ".");
            if (type == null) {
                continue;
            }
            Optional<ActionType> kind = ActionType.fromWire(type);
            if (kind.isEmpty()) {
                errors.add(new FieldError(at + ".type", "unknown action type '" + type + "'; one of "
                        + String.join(", ", ActionType.wireNames())));
                continue;
            }
            Map<String, JsonNode> params = new LinkedHashMap<>();
            action.properties().forEach(e -> {
                if (!e.getKey().equals("type")) {
                    params.put(e.getKey(), e.getValue());
                }
            });
            checkParams(kind.get(), params, at, templates, errors);
            actions.add(new ActionSpec(kind.get(), params));
        }
        return actions;
    }

    private void checkParams(ActionType type, Map<String, JsonNode> params, String at,
            Map<String, Expressions.Program> templates, List<FieldError> errors) {
        params.keySet().stream().filter(p -> !type.params().containsKey(p))
                .forEach(p -> errors.add(new FieldError(at + "." + p, "is not a parameter of " + type.wire()
                        + "; it takes " + String.join(", ", type.params().keySet()))));
        type.params().forEach((name, param) -> {
            JsonNode value = params.get(name);
            String field = at + "." + name;
            if (value == null || value.isNull()) {
                if (param.required()) {
                    errors.add(new FieldError(field, "is required for " + type.wire()));
                }
                return;
            }
            if (param.kind() == ActionType.Kind.URL) {
                if (!value.isTextual() || Templates.isTemplate(value)) {
                    errors.add(new FieldError(field, "must be a literal URL (no template)"));
                } else {
                    webhookTargets.refusal(value.asText()).ifPresent(why -> errors.add(new FieldError(field, why)));
                }
                return;
            }
            if (!Templates.isTemplate(value)) {
                kindError(param.kind(), value).ifPresent(why -> errors.add(new FieldError(field, why)));
            }
            for (Map.Entry<String, String> template : Templates.expressions(field, value)) {
                try {
                    templates.putIfAbsent(template.getValue(), Expressions.template(template.getValue()));
                } catch (Expressions.Invalid e) {
                    e.issues().forEach(issue -> errors.add(celError(template.getKey(), issue)));
                }
            }
        });
        List<String> oneOf = type.atLeastOneOf();
        if (!oneOf.isEmpty() && oneOf.stream().allMatch(p -> params.get(p) == null || params.get(p).isNull())) {
            errors.add(new FieldError(at, type.wire() + " needs at least one of " + String.join(", ", oneOf)));
        }
    }

    private static Optional<String> kindError(ActionType.Kind kind, JsonNode value) {
        JsonNodeType t = value.getNodeType();
        return switch (kind) {
            case STRING -> value.isTextual() && !value.asText().isBlank() ? Optional.empty()
                    : Optional.of("must be a non-empty string");
            case NUMBER -> value.isNumber() ? Optional.empty() : Optional.of("must be a number");
            case STRING_OR_NUMBER -> value.isTextual() || value.isNumber() ? Optional.empty()
                    : Optional.of("must be a string or a number");
            case ARRAY -> value.isArray() ? Optional.empty() : Optional.of("must be an array");
            case ANY, URL -> Optional.empty();
            case BOOLEAN_OR_TOGGLE -> value.isBoolean() || (value.isTextual() && value.asText().equals("toggle"))
                    ? Optional.empty()
                    : Optional.of("must be true, false or \"toggle\" (found " + t.name().toLowerCase() + ")");
            case BUTTON_FIELDS -> buttonFieldsError(value);
        };
    }

    private static Optional<String> buttonFieldsError(JsonNode value) {
        if (!value.isObject() || value.isEmpty()) {
            return Optional.of("must be a non-empty object of button fields");
        }
        List<String> unknown = new ArrayList<>();
        value.fieldNames().forEachRemaining(f -> {
            if (!ActionType.UPDATABLE_BUTTON_FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        return unknown.isEmpty() ? Optional.empty()
                : Optional.of("cannot update " + unknown + "; updatable: "
                        + ActionType.UPDATABLE_BUTTON_FIELDS.stream().sorted().toList());
    }

    private static FieldError celError(String field, Expressions.Issue issue) {
        return new FieldError(field, "line " + issue.line() + ", column " + issue.column() + ": " + issue.message());
    }

    private static String text(JsonNode node, String field, boolean required, int max, List<FieldError> errors) {
        return text(node, field, required, max, errors, "");
    }

    private static String text(JsonNode node, String field, boolean required, int max, List<FieldError> errors,
            String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(prefix + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(prefix + field, "must be a string"));
            return null;
        }
        String text = value.asText();
        if (required && text.isBlank()) {
            errors.add(new FieldError(prefix + field, "must not be blank"));
            return null;
        }
        if (text.length() > max) {
            errors.add(new FieldError(prefix + field, "must be at most " + max + " characters"));
            return null;
        }
        return text;
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return fallback;
        }
        return value.booleanValue();
    }

    private static Duration duration(JsonNode node, String field, Duration max, List<FieldError> errors) {
        String text = text(node, field, false, 64, errors);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                errors.add(new FieldError(field, "must be a positive duration"));
            } else if (d.compareTo(max) > 0) {
                errors.add(new FieldError(field, "must be at most " + max));
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 duration such as PT2M or PT1H30M, not '" + text + "'"));
            return null;
        }
    }
}
