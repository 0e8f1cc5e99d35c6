package io.switchboard.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.LogCapture;
import io.switchboard.event.Event;
import io.switchboard.rule.Decision;
import jakarta.inject.Inject;

/**
 * The recovery scan: events an older version stored without deciding them are decided once,
 * after start. A poison event among them (here: a payload that is not JSON) fails its batch;
 * each is then decided alone, the poison one tried a few times in case its failure was passing,
 * then marked processed without traces — and no other event is decided twice.
 */
@QuarkusTest
class EventRecoveryTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EventProcessor processor;

    @BeforeEach
    void empty() {
        fixtures.clean();
    }

    @Test
    void eventsLeftUndecidedAreDecidedOnceAndAPoisonOneIsSetAsideAfterItsTries() {
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "Partner status", "trigger": {"type": "webhook", "source": "partner"},
                 "condition": "event.payload.status == 'never'",
                 "actions": [{"type": "button.set_active", "button": "b-recovery", "active": false}]}
                """).post("/api/rules").then().statusCode(201);
        long first = undecided("{\"source\": \"partner\", \"payload\": {\"status\": \"online\"}}", 1);
        long poison = undecided("{not json", 2);
        long last = undecided("{\"source\": \"partner\", \"payload\": {\"status\": \"offline\"}}", 3);

        List<String> errors;
        try (LogCapture log = LogCapture.of(EventProcessor.class, Level.SEVERE)) {
            processor.recover();
            errors = log.messages();
        }

        assertEquals(List.of(1L, 0L, 1L), List.of(traces(first), traces(poison), traces(last)),
                "each good event decided once, the poison one not at all");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Event.count("processedAt is null")),
                "nothing left for the next scan");
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> Event.<Event> findById(poison).processedAt));
        assertEquals(1, errors.size(), "one error, for the poison event, after its tries: " + errors);
        assertTrue(errors.get(0).startsWith("event " + poison + " cannot be decided (3 tries)"), errors.get(0));
    }

    private static long traces(long eventId) {
        return QuarkusTransaction.requiringNew().call(() -> Execution.count("eventId = ?1 and outcome = ?2", eventId,
                Decision.Outcome.CONDITION_FALSE));
    }

    /** An event as a version that decided later stored it: not processed yet. */
    private static long undecided(String payload, int n) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Event event = new Event();
            event.type = "webhook";
            event.source = "webhook:partner";
            event.subject = "webhook:partner";
            event.dedupeKey = "webhook:partner:recovery-" + n + "-" + System.nanoTime();
            event.payload = payload;
            event.occurredAt = Instant.now();
            event.receivedAt = Instant.now();
            event.persist();
            return event.id;
        });
    }
}
