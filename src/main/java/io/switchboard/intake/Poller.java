package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

import io.switchboard.event.EventDraft;

/**
 * One poller: reads SnapCall (outside any transaction), then hands back what to store. The
 * {@link PollRunner} stores it and moves the cursor in one transaction, or — if reading
 * failed — stores nothing and backs off.
 */
public interface Poller {

    String name();

    /** The configured interval; a round that takes longer stretches the cycle (see {@link PollBudget}). */
    Duration interval();

    /** The page size it asks for now, for list pollers. */
    default OptionalInt pageLimit() {
        return OptionalInt.empty();
    }

    /** Reads SnapCall from {@code cursor} (null the first time). */
    Result fetch(String cursor, Instant now);

    /**
     * What a read stores: {@code apply} runs in the transaction that moves the cursor to
     * {@code cursor}, records the state it read (in key order) and answers the events it saw;
     * the runner stores and decides them in that same transaction. {@code problems}: items
     * skipped or read in part, one line each, shown in {@code /api/status}. {@code stoppedBy}:
     * the failure that cut the round short after what it read was worth keeping (the agents
     * read before a 429) — stored, then the poller backs off as for any failure.
     */
    record Result(String cursor, Supplier<List<EventDraft>> apply, List<String> problems, RuntimeException stoppedBy) {

        public Result(String cursor, Supplier<List<EventDraft>> apply) {
            this(cursor, apply, List.of(), null);
        }
    }
}
