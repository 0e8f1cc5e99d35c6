package io.switchboard.console;

import java.util.List;

import io.switchboard.rule.Expressions;

/**
 * The editor's check of a CEL condition as it is typed: each compile error with the line it is
 * on split around its column, so the page underlines the very character CEL points at. Pure:
 * the same compiler as saving, no I/O.
 */
public final class ConditionCheck {

    /** One error: {@code before}, {@code at} (the character pointed at, a space past the end) and {@code after}. */
    public record Issue(int line, int column, String message, String before, String at, String after) {
    }

    private ConditionCheck() {
    }

    /** The errors of a condition; none for a valid or blank one. */
    public static List<Issue> check(String condition) {
        if (condition == null || condition.isBlank()) {
            return List.of();
        }
        try {
            Expressions.condition(condition);
            return List.of();
        } catch (Expressions.Invalid e) {
            String[] lines = condition.split("\n", -1);
            return e.issues().stream().map(issue -> {
                String text = issue.line() <= lines.length ? lines[issue.line() - 1] : "";
                int at = Math.min(Math.max(issue.column() - 1, 0), text.length());
                return new Issue(issue.line(), issue.column(), issue.message(), text.substring(0, at),
                        at < text.length() ? text.substring(at, at + 1) : " ",
                        at < text.length() ? text.substring(at + 1) : "");
            }).toList();
        }
    }
}
