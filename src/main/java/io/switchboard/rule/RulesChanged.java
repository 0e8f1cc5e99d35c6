package io.switchboard.rule;

/** Fired in the transaction that saved, switched or deleted a rule; observed once it committed. */
public record RulesChanged() {
}
