package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.switchboard.event.EventDraft;

/**
 * One poller: reads SnapCall (outside any transaction), then hands back what to store. The
 * {@link PollRunner} stores it and moves the cursor in one transaction, or — if reading
 * failed — stores nothing and backs off.
 */
public interface Poller {

    String name();

    Duration interval();

    /** Reads SnapCall from {@code cursor} (null the first time). */
    Result fetch(String cursor, Instant now);

    /**
     * What a successful read stores: {@code apply} runs in the transaction that moves the cursor
     * to {@code cursor}, records the state it read (in key order) and answers the events it saw;
     * the runner stores and decides them in that same transaction.
     */
    record Result(String cursor, Supplier<List<EventDraft>> apply) {
    }
}
