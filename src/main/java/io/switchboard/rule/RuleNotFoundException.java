package io.switchboard.rule;

public class RuleNotFoundException extends RuntimeException {
    public RuleNotFoundException(long id) {
        super("no rule with id " + id, null, false, false);
    }
}
