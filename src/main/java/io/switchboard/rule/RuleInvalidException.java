package io.switchboard.rule;

import java.util.List;

import io.switchboard.web.Problem.FieldError;

/** A rule that cannot be stored, with every field at fault and why. */
public class RuleInvalidException extends RuntimeException {

    private final transient List<FieldError> errors;

    public RuleInvalidException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): " + errors.get(0).field() + " " + errors.get(0).reason(), null,
                false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
