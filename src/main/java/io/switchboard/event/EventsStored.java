package io.switchboard.event;

/** Fired after a transaction that stored events committed: the engine wakes up instead of waiting for its tick. */
public record EventsStored(int count) {
}
