package io.switchboard.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.runtime.CelEvaluationException;
import io.switchboard.action.ActionSpec;

/**
 * A rule ready to run: its condition and every template compiled once (per rule version).
 * Evaluation never throws: a run-time error is reported in the result, for the trace.
 */
public final class CompiledRule {

    private final RuleDefinition definition;
    private final Expressions.Program condition;
    private final Map<String, Expressions.Program> templates;

    CompiledRule(RuleDefinition definition, Expressions.Program condition, Map<String, Expressions.Program> templates) {
        this.definition = definition;
        this.condition = condition;
        this.templates = Map.copyOf(templates);
    }

    public RuleDefinition definition() {
        return definition;
    }

    /** The condition's value, or why it has none. An absent condition is true. */
    public record ConditionResult(boolean value, String error) {
        public boolean holds() {
            return error == null && value;
        }
    }

    public ConditionResult evaluateCondition(EvaluationContext context) {
        if (condition == null) {
            return new ConditionResult(true, null);
        }
        try {
            Object result = condition.evaluate(context.variables());
            if (result instanceof Boolean b) {
                return new ConditionResult(b, null);
            }
            return new ConditionResult(false, "condition gave " + CelValues.text(result) + ", not a bool");
        } catch (CelEvaluationException | RuntimeException e) {
            return new ConditionResult(false, message(e));
        }
    }

    /** An action with its templates resolved, or the error that stopped it. */
    public record ResolvedAction(ActionSpec action, String error) {
    }

    public List<ResolvedAction> resolveActions(EvaluationContext context) {
        Map<String, Object> variables = context.variables();
        return definition.actions().stream().map(spec -> {
            try {
                Map<String, JsonNode> resolved = new LinkedHashMap<>();
                spec.params().forEach((name, value) -> resolved.put(name, Templates.resolve(value, source -> {
                    try {
                        return templates.get(source).evaluate(variables);
                    } catch (CelEvaluationException e) {
                        throw new TemplateFailure(name, e);
                    }
                })));
                return new ResolvedAction(new ActionSpec(spec.type(), resolved), null);
            } catch (TemplateFailure e) {
                return new ResolvedAction(spec, "template of " + e.param + ": " + message(e.getCause()));
            } catch (RuntimeException e) {
                return new ResolvedAction(spec, message(e));
            }
        }).toList();
    }

    private static String message(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.replace("evaluation error at <input>:", "evaluation error at offset ");
    }

    private static final class TemplateFailure extends RuntimeException {
        final String param;

        TemplateFailure(String param, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.param = param;
        }
    }
}
