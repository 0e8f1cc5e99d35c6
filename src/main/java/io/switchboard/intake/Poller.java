package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;

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

    /** What a successful read stores: {@code apply} runs in the transaction that moves the cursor to {@code cursor}. */
    record Result(String cursor, Runnable apply) {
    }
}
