package io.switchboard.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Action parameter templates: {@code {{ expr }}} inside any string of a parameter. A string that
 * is exactly one template takes the expression's value and type ({@code "{{ !buttons[event.button].active }}"}
 * is a boolean); otherwise each template is replaced by its text.
 */
public final class Templates {

    static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)\\}\\}", Pattern.DOTALL);

    private Templates() {
    }

    /** The expressions of every template in a parameter value, with where each stands. */
    public static List<Map.Entry<String, String>> expressions(String path, JsonNode value) {
        List<Map.Entry<String, String>> found = new ArrayList<>();
        collect(path, value, found);
        return found;
    }

    public static boolean isTemplate(JsonNode value) {
        return value != null && value.isTextual() && TEMPLATE.matcher(value.asText()).find();
    }

    private static void collect(String path, JsonNode value, List<Map.Entry<String, String>> found) {
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            Matcher m = TEMPLATE.matcher(value.asText());
            while (m.find()) {
                found.add(Map.entry(path, m.group(1).trim()));
            }
        } else if (value.isObject()) {
            value.properties().forEach(e -> collect(path + "." + e.getKey(), e.getValue(), found));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                collect(path + "[" + i + "]", value.get(i), found);
            }
        }
    }

    /** Resolves every template in {@code value}; {@code evaluate} maps an expression source to its value. */
    public static JsonNode resolve(JsonNode value, Function<String, Object> evaluate) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            String text = value.asText();
            Matcher whole = TEMPLATE.matcher(text.trim());
            if (whole.matches()) {
                return CelValues.toJson(evaluate.apply(whole.group(1).trim()));
            }
            Matcher m = TEMPLATE.matcher(text);
            if (!m.find()) {
                return value;
            }
            StringBuilder out = new StringBuilder();
            m.reset();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(CelValues.text(evaluate.apply(m.group(1).trim()))));
            }
            m.appendTail(out);
            return JsonNodeFactory.instance.textNode(out.toString());
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(e -> copy.set(e.getKey(), resolve(e.getValue(), evaluate)));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> copy.add(resolve(item, evaluate)));
            return copy;
        }
        return value;
    }
}
