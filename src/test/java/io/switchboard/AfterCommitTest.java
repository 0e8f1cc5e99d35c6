package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What a transaction hands on goes after its commit; inside {@link AfterCommit#handOffAfter}
 * (the intake's writer) only once the writer has answered its callers, so a 202 does not wait
 * for the sender to take the actions.
 */
@QuarkusTest
class AfterCommitTest {

    @Inject
    AfterCommit afterCommit;

    @Test
    void aHandOffRunsAtTheCommitUnlessTheWriterAnswersFirst() {
        List<String> plain = new ArrayList<>();
        commitHandingOff(plain);
        plain.add("callers answered");
        assertEquals(List.of("handed off", "callers answered"), plain, "by default the commit hands off before it returns");

        List<String> answeredFirst = new ArrayList<>();
        AfterCommit.handOffAfter(() -> {
            commitHandingOff(answeredFirst);
            commitHandingOff(answeredFirst);
            answeredFirst.add("callers answered");
        });
        assertEquals(List.of("callers answered", "handed off", "handed off"), answeredFirst,
                "the writer answers first; both commits' hand-offs follow, in order");
    }

    @Test
    void aRolledBackTransactionHandsNothingOnEvenWhenHeld() {
        List<String> order = new ArrayList<>();
        AfterCommit.handOffAfter(() -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    afterCommit.collect(new Object(), ArrayList::new, list -> order.add("handed off"));
                    throw new IllegalStateException("rolled back");
                });
            } catch (IllegalStateException expected) {
                order.add("rolled back");
            }
        });
        assertEquals(List.of("rolled back"), order);
    }

    private void commitHandingOff(List<String> order) {
        QuarkusTransaction.requiringNew().run(() -> afterCommit.collect(new Object(), ArrayList::new,
                list -> order.add("handed off")));
    }
}
