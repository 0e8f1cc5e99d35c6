package io.switchboard.rule;

/** The rule changed since the caller read it, or its name is taken: 409. */
public class RuleConflictException extends RuntimeException {

    private final String field;

    public RuleConflictException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
