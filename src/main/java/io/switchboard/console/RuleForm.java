package io.switchboard.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.action.ActionType;
import io.switchboard.rule.RuleView;
import io.switchboard.web.Problem.FieldError;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The rule editor's form, both ways: a stored rule as form fields, and posted form fields as
 * the rule JSON the API takes — so the console saves through the same validation as the API
 * and shows its field errors next to the fields they name ({@code actions[0].button}). Pure:
 * no I/O, unit-tested.
 *
 * <p>Action parameters are typed by {@link ActionType}: numbers and booleans typed as text
 * become JSON numbers and booleans, anything else stays text (so templates such as
 * {@code {{ event.button }}} pass through); object and array parameters are JSON.
 */
public record RuleForm(Long id, Long version, String name, String description, boolean enabled, String trigger,
        String cron, String timezone, String source, String condition, String holdFor, String cooldown,
        List<ActionForm> actions) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACTION_FIELD = Pattern.compile("actions\\[(\\d{1,2})]\\.type");

    /** One action of the form: its position in the form (not necessarily dense) and its parameters. */
    public record ActionForm(int index, String type, List<Param> params) {
    }

    /**
     * One parameter input: {@code field} is its form name and error path ({@code actions[0].button}),
     * {@code json} whether it is edited as JSON (objects, arrays, free bodies).
     */
    public record Param(String name, String field, String value, boolean required, boolean json, String hint,
            String error) {

        Param withError(String message) {
            return new Param(name, field, value, required, json, hint, message);
        }
    }

    /** A new rule: an agent trigger and one button action to fill in. */
    public static RuleForm blank() {
        return new RuleForm(null, null, "", "", true, "agent.status_changed", "", "", "", "", "", "",
                List.of(action(0, ActionType.BUTTON_SET_ACTIVE.wire(), Map.of())));
    }

    public static RuleForm of(RuleView rule) {
        List<ActionForm> actions = new ArrayList<>();
        for (int i = 0; i < rule.actions().size(); i++) {
            JsonNode action = rule.actions().get(i);
            Map<String, String> values = new LinkedHashMap<>();
            action.properties().forEach(e -> values.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
            actions.add(action(i, action.path("type").asText(), values));
        }
        var trigger = rule.trigger();
        return new RuleForm(rule.id(), rule.version(), rule.name(), nz(rule.description()), rule.enabled(),
                trigger.type(), nz(trigger.cron()), nz(trigger.timezone()), nz(trigger.source()),
                nz(rule.condition()), nz(rule.holdFor()), nz(rule.cooldown()), actions);
    }

    /** The form as posted (urlencoded): rule fields, then every {@code actions[n].*} group in order. */
    public static RuleForm parse(MultivaluedMap<String, String> form) {
        TreeSet<Integer> indexes = new TreeSet<>();
        form.keySet().forEach(key -> {
            Matcher m = ACTION_FIELD.matcher(key);
            if (m.matches()) {
                indexes.add(Integer.parseInt(m.group(1)));
            }
        });
        List<ActionForm> actions = new ArrayList<>();
        for (int index : indexes) {
            String prefix = "actions[" + index + "].";
            Map<String, String> values = new LinkedHashMap<>();
            form.forEach((key, value) -> {
                if (key.startsWith(prefix) && !value.isEmpty()) {
                    values.put(key.substring(prefix.length()), value.get(0));
                }
            });
            actions.add(action(index, values.getOrDefault("type", ""), values));
        }
        String id = form.getFirst("id");
        String version = form.getFirst("version");
        return new RuleForm(id == null || id.isBlank() ? null : Long.valueOf(id),
                version == null || version.isBlank() ? null : Long.valueOf(version),
                text(form, "name"), text(form, "description"), form.containsKey("enabled"), text(form, "trigger"),
                text(form, "cron"), text(form, "timezone"), text(form, "source"), text(form, "condition"),
                text(form, "for"), text(form, "cooldown"), actions);
    }

    /** One action's inputs: the parameters its type takes, filled from {@code values}. */
    public static ActionForm action(int index, String type, Map<String, String> values) {
        List<Param> params = new ArrayList<>();
        ActionType.fromWire(type).ifPresent(t -> t.params().forEach((name, param) -> params.add(new Param(name,
                "actions[" + index + "]." + name, values.getOrDefault(name, ""), param.required(), isJson(param.kind()),
                hint(param.kind()), null))));
        return new ActionForm(index, type, params);
    }

    /**
     * The rule JSON the API takes. A JSON parameter that does not parse is left out and reported
     * in {@code errors} under its field, as the API would report a wrong value.
     */
    public ObjectNode toJson(List<FieldError> errors) {
        ObjectNode rule = JsonNodeFactory.instance.objectNode();
        rule.put("name", name);
        if (!description.isBlank()) {
            rule.put("description", description);
        }
        rule.put("enabled", enabled);
        ObjectNode triggerNode = rule.putObject("trigger");
        triggerNode.put("type", trigger);
        if ("schedule".equals(trigger)) {
            triggerNode.put("cron", cron);
            if (!timezone.isBlank()) {
                triggerNode.put("timezone", timezone);
            }
        }
        if ("webhook".equals(trigger)) {
            triggerNode.put("source", source);
        }
        if (!condition.isBlank()) {
            rule.put("condition", condition);
        }
        if (!holdFor.isBlank()) {
            rule.put("for", holdFor);
        }
        if (!cooldown.isBlank()) {
            rule.put("cooldown", cooldown);
        }
        var list = rule.putArray("actions");
        for (ActionForm action : actions) {
            ObjectNode node = list.addObject();
            node.put("type", action.type());
            ActionType type = ActionType.fromWire(action.type()).orElse(null);
            for (Param param : action.params()) {
                if (param.value().isBlank()) {
                    continue;
                }
                JsonNode value = value(type == null ? ActionType.Kind.STRING : type.params().get(param.name()).kind(),
                        param.value());
                if (value == null) {
                    errors.add(new FieldError(param.field(), "must be JSON (" + param.hint() + ")"));
                } else {
                    node.set(param.name(), value);
                }
            }
        }
        if (version != null) {
            rule.put("version", version);
        }
        return rule;
    }

    /** The same form with each action parameter's error next to it (the others are shown by field name). */
    public RuleForm withErrors(Map<String, String> errors) {
        List<ActionForm> marked = actions.stream().map(a -> new ActionForm(a.index(), a.type(), a.params().stream()
                .map(p -> errors.containsKey(p.field()) ? p.withError(errors.get(p.field())) : p).toList())).toList();
        return new RuleForm(id, version, name, description, enabled, trigger, cron, timezone, source, condition,
                holdFor, cooldown, marked);
    }

    /** The form at another version: "overwrite" after a conflict saves over what is stored now. */
    public RuleForm atVersion(long current) {
        return new RuleForm(id, current, name, description, enabled, trigger, cron, timezone, source, condition,
                holdFor, cooldown, actions);
    }

    /** The next free action index, for an action added to this form. */
    public int nextIndex() {
        return actions.stream().mapToInt(ActionForm::index).max().orElse(-1) + 1;
    }

    static JsonNode value(ActionType.Kind kind, String text) {
        String trimmed = text.trim();
        return switch (kind) {
            case STRING, URL -> JsonNodeFactory.instance.textNode(text);
            case NUMBER, STRING_OR_NUMBER -> trimmed.matches("-?\\d+(\\.\\d+)?") ? number(trimmed)
                    : JsonNodeFactory.instance.textNode(text);
            case BOOLEAN_OR_TOGGLE -> trimmed.equals("true") || trimmed.equals("false")
                    ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(trimmed))
                    : JsonNodeFactory.instance.textNode(trimmed);
            case ARRAY, BUTTON_FIELDS -> parse(trimmed);
            case ANY -> {
                JsonNode parsed = parse(trimmed);
                yield parsed != null ? parsed : JsonNodeFactory.instance.textNode(text);
            }
        };
    }

    private static JsonNode number(String text) {
        return text.contains(".") ? JsonNodeFactory.instance.numberNode(new BigDecimal(text))
                : JsonNodeFactory.instance.numberNode(Long.parseLong(text));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean isJson(ActionType.Kind kind) {
        return switch (kind) {
            case ARRAY, BUTTON_FIELDS, ANY -> true;
            case STRING, NUMBER, STRING_OR_NUMBER, BOOLEAN_OR_TOGGLE, URL -> false;
        };
    }

    private static String hint(ActionType.Kind kind) {
        return switch (kind) {
            case STRING -> "text or {{ template }}";
            case NUMBER -> "a number or {{ template }}";
            case STRING_OR_NUMBER -> "an id";
            case BOOLEAN_OR_TOGGLE -> "true, false or toggle";
            case ARRAY -> "a JSON array, e.g. [{\"day\": 1, \"open\": \"09:00\", \"close\": \"17:00\"}]";
            case BUTTON_FIELDS -> "a JSON object of button fields, e.g. {\"name\": \"Support\"}";
            case ANY -> "JSON, or text";
            case URL -> "an allow-listed https:// URL";
        };
    }

    private static String text(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value == null ? "" : value;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
