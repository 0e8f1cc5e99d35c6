package io.switchboard.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.event.Event;
import io.switchboard.event.EventDraft;
import io.switchboard.event.EventStore;
import io.switchboard.rule.Decision;
import jakarta.inject.Inject;

/**
 * Two transactions deciding the same subjects at once — intake writers, a poll, another
 * replica — wait for each other instead of deadlocking: each first locks the (rule, subject)
 * pairs it will decide in one order. They used to lock them event by event, in their batch's
 * order, so a batch deciding subject a then b and another deciding b then a could each hold
 * one and wait for the other's.
 */
@QuarkusTest
class SubjectLockTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EventStore events;

    @Inject
    Engine engine;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    final ExecutorService writers = Executors.newFixedThreadPool(2);

    @BeforeEach
    void empty() {
        fixtures.clean();
    }

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    @Test
    void twoBatchesDecidingTheSameSubjectsInOppositeOrdersBothCommit() throws Exception {
        long orders = rule("orders");
        long partner = rule("partner");
        Instant past = Instant.now().minusSeconds(3600);
        QuarkusTransaction.requiringNew().run(() -> {
            for (var key : List.of(new Cooldown.Key(orders, "webhook:orders"), new Cooldown.Key(partner, "webhook:partner"))) {
                Cooldown cooldown = new Cooldown();
                cooldown.ruleId = key.ruleId;
                cooldown.subject = key.subject;
                cooldown.untilAt = past;
                cooldown.persist();
            }
        });

        Future<?> first;
        Future<?> second;
        try (Connection other = dataSource.getConnection()) {
            // Someone (a third writer) holds subject "orders" for a moment...
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "select until_at from cooldowns where rule_id = ? and subject = ? for update")) {
                lock.setLong(1, orders);
                lock.setString(2, "webhook:orders");
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                }
            }
            // ...while one batch decides orders then partner, and another partner then orders.
            first = writers.submit(() -> decide("orders", "partner", 1));
            Thread.sleep(300);
            second = writers.submit(() -> decide("partner", "orders", 2));
            Thread.sleep(300);
            other.commit();
        }
        first.get(15, TimeUnit.SECONDS);
        second.get(15, TimeUnit.SECONDS);

        long traced = QuarkusTransaction.requiringNew().call(() -> Execution.count("outcome", Decision.Outcome.CONDITION_FALSE));
        assertEquals(4, traced, "both batches were decided, each event against its rule");
    }

    @Test
    void twoBatchesFiringOnANewSubjectAtOnceFireOnceAndCreateItsLockOnce() throws Exception {
        long orders = given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "orders, quietly", "trigger": {"type": "webhook", "source": "orders"},
                 "condition": "true", "cooldown": "PT1H",
                 "actions": [{"type": "button.set_active", "button": "b-quiet", "active": false}]}
                """).post("/api/rules").then().statusCode(201).extract().jsonPath().getLong("id");

        Future<?> first = writers.submit(() -> decide("orders", "orders", 1));
        Future<?> second = writers.submit(() -> decide("orders", "orders", 2));
        first.get(15, TimeUnit.SECONDS);
        second.get(15, TimeUnit.SECONDS);

        assertEquals(List.of(1L, 3L), QuarkusTransaction.requiringNew().call(() -> List.of(
                Execution.count("ruleId = ?1 and outcome = ?2", orders, Decision.Outcome.FIRED),
                Execution.count("ruleId = ?1 and outcome = ?2", orders, Decision.Outcome.COOLDOWN))),
                "four events on one subject, decided by two batches at once: one fires, the cooldown holds the others");
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> Cooldown.count("ruleId", orders)));
    }

    private void decide(String firstSource, String secondSource, int batch) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<Event> stored = events.appendAll(List.of(draft(firstSource, batch), draft(secondSource, batch))).stream()
                    .map(appended -> appended.stored().orElseThrow()).toList();
            engine.decide(stored);
        });
    }

    private EventDraft draft(String source, int batch) {
        var fields = json.createObjectNode().put("source", source);
        fields.set("payload", json.valueToTree(Map.of("n", batch)));
        return new EventDraft("webhook", "webhook:" + source, "webhook:" + source,
                "webhook:" + source + ":" + batch + ":" + System.nanoTime(), fields, Instant.now());
    }

    private static long rule(String source) {
        return given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "quiet %s", "trigger": {"type": "webhook", "source": "%s"},
                 "condition": "event.payload.n > 100", "cooldown": "PT1H",
                 "actions": [{"type": "button.set_active", "button": "b-%s", "active": false}]}
                """.formatted(source, source, source))
                .post("/api/rules").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
