package io.switchboard.action;

/** Fired after a transaction that queued actions committed: the worker wakes up at once. */
public record ActionsQueued(int count) {
}
