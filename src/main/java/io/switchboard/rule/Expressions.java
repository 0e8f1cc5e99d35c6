package io.switchboard.rule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment of rules: the variables a condition or template may use, and the limits
 * that keep a hostile expression cheap (source length, parse depth, comprehension iterations).
 * Compiling type-checks; a condition must be a bool, a template may be anything.
 */
public final class Expressions {

    public static final int MAX_LENGTH = 4_000;
    /**
     * Loop iterations per evaluation, all comprehensions together: four full passes over the
     * most {@code calls} a condition can see (the largest collection it iterates), so a level
     * condition never fails for the account's traffic, while a nested loop over them still stops.
     */
    static final int MAX_ITERATIONS = 4 * EvaluationContext.MAX_CALLS;

    private static final CelOptions OPTIONS = CelOptions.current()
            .maxParseRecursionDepth(64)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .enableTimestampEpoch(true)
            .enableHeterogeneousNumericComparisons(true)
            .build();

    private static final Map<String, CelType> VARIABLES = Map.of(
            "event", MapType.create(SimpleType.STRING, SimpleType.DYN),
            "now", SimpleType.TIMESTAMP,
            "agents", MapType.create(SimpleType.STRING, SimpleType.DYN),
            "buttons", MapType.create(SimpleType.STRING, SimpleType.DYN),
            "calls", ListType.create(SimpleType.DYN));

    private static final CelCompiler CONDITIONS = compiler(SimpleType.BOOL);
    private static final CelCompiler TEMPLATES = compiler(SimpleType.DYN);
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private Expressions() {
    }

    /** A compile error at a 1-based line and column of the expression. */
    public record Issue(int line, int column, String message) {
    }

    /** A compiled, type-checked expression, safe to share between threads. */
    public record Program(String source, CelRuntime.Program program) {

        public Object evaluate(Map<String, ?> variables) throws CelEvaluationException {
            // Through a resolver: eval(Map) copies the map into an immutable one at every call.
            return program.eval(name -> Optional.ofNullable(variables.get(name)));
        }
    }

    public static final class Invalid extends Exception {
        private final transient List<Issue> issues;

        Invalid(List<Issue> issues) {
            super(issues.isEmpty() ? "invalid expression" : issues.get(0).message(), null, false, false);
            this.issues = issues;
        }

        public List<Issue> issues() {
            return issues;
        }
    }

    public static Program condition(String source) throws Invalid {
        return compile(CONDITIONS, source);
    }

    public static Program template(String source) throws Invalid {
        return compile(TEMPLATES, source);
    }

    private static Program compile(CelCompiler compiler, String source) throws Invalid {
        if (source.length() > MAX_LENGTH) {
            throw new Invalid(List.of(new Issue(1, 1, "expression longer than " + MAX_LENGTH + " characters")));
        }
        try {
            CelAbstractSyntaxTree ast = compiler.compile(source).getAst();
            return new Program(source, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new Invalid(e.getErrors().stream().map(Expressions::issue).toList());
        } catch (CelEvaluationException e) {
            throw new Invalid(List.of(new Issue(1, 1, e.getMessage())));
        } catch (RuntimeException e) {
            // The parser gives up on pathological input (deep nesting) with an unchecked error.
            throw new Invalid(List.of(new Issue(1, 1, "expression cannot be parsed: " + e.getClass().getSimpleName())));
        }
    }

    private static Issue issue(CelIssue issue) {
        int line = Math.max(1, issue.getSourceLocation().getLine());
        int column = Math.max(0, issue.getSourceLocation().getColumn()) + 1;
        return new Issue(line, column, issue.getMessage());
    }

    private static CelCompiler compiler(CelType result) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(result);
        VARIABLES.forEach(builder::addVar);
        return builder.build();
    }
}
