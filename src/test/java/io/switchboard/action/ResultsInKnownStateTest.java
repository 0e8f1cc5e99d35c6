package io.switchboard.action;

import static io.restassured.RestAssured.given;
import static io.switchboard.SandboxControl.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.intake.ButtonPoller;
import io.switchboard.intake.PollCursor;
import io.switchboard.intake.PollRunner;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.state.Item;
import io.switchboard.state.KnownState;
import jakarta.inject.Inject;

/**
 * What SnapCall answers to a button update goes into the known state when that button is stored
 * (rules see it at once, and the next identical action is {@code no_change}); a button the
 * account's listing has not shown is not added by a result — the listing says which buttons
 * exist, and takes it in at its next read — unless a listing is underway, whose reading may
 * predate the result and must not be stored over it. (Added, a job naming a new button per event filled
 * the state with buttons the next listing deleted again: BENCHMARKS.md, session 13.)
 */
@QuarkusTest
class ResultsInKnownStateTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    Fixtures fixtures;

    @Inject
    KnownState state;

    @Inject
    PollRunner runner;

    @Inject
    ButtonPoller buttons;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
        sandbox().contentType(ContentType.JSON).body(Map.of("active", true)).put("/sandbox/v2/buttons/" + SUPPORT)
                .then().statusCode(200);
        runner.run(buttons, true);
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "Support off", "trigger": {"type": "webhook", "source": "partner"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""")
                .post("/api/rules").then().statusCode(201);
    }

    @Test
    void aKnownButtonTakesWhatSnapCallAnsweredAndTheSameActionAgainIsNoChange() {
        assertTrue(known().orElseThrow().data().path("active").asBoolean(), "listed as active first");

        fire("{\"n\": 1}");
        await().atMost(PATIENCE).until(() -> known().map(b -> !b.data().path("active").asBoolean(true)).orElse(false));
        fire("{\"n\": 2}");
        await().atMost(PATIENCE).until(() -> statuses().size() == 2 && !statuses().contains(ActionStatus.PENDING));
        assertEquals(List.of(ActionStatus.SUCCEEDED, ActionStatus.NO_CHANGE), statuses(),
                "the second action found the button as the first one's answer left it");
    }

    @Test
    void aButtonTheListingHasNotShownIsNotAddedByAResultButByTheNextListing() {
        // The last listing did not have it (created since, say): the known state does not hold it.
        state.retainListed(KnownState.BUTTON, Set.of(), Instant.now().plusSeconds(1));
        assertTrue(known().isEmpty());

        fire("{\"n\": 1}");
        await().atMost(PATIENCE).until(() -> statuses().equals(List.of(ActionStatus.SUCCEEDED)));
        assertTrue(known().isEmpty(), "the result did not add the button: " + known());

        runner.run(buttons, true);
        assertFalse(known().orElseThrow().data().path("active").asBoolean(true), "the next listing took it in, as switched off");
    }

    @Test
    void aButtonAnsweredWhileAListingIsUnderwayIsAddedSoTheListingsOlderReadingCannotOverwriteIt() {
        state.retainListed(KnownState.BUTTON, Set.of(), Instant.now().plusSeconds(1));
        Instant listingRead = Instant.now().minusSeconds(1);
        // A listing claimed and reading (on this replica or another), its result not stored yet.
        QuarkusTransaction.requiringNew().run(() -> {
            PollCursor row = PollCursor.findById("buttons");
            row.lastSuccessAt = listingRead.minusSeconds(60);
            row.lastRunAt = listingRead;
        });

        fire("{\"n\": 1}");
        await().atMost(PATIENCE).until(() -> statuses().equals(List.of(ActionStatus.SUCCEEDED)));
        assertFalse(known().orElseThrow().data().path("active").asBoolean(true), "the result was stored: " + known());

        // The listing read the button (still on) before the PUT, and stores it now: the older reading loses.
        KnownState.Recorded listed = QuarkusTransaction.requiringNew().call(() -> state.record(KnownState.BUTTON, SUPPORT,
                json.createObjectNode().put("bid", SUPPORT).put("active", true), listingRead));
        assertTrue(listed.stale(), "the listing's reading is older than the stored result");
        assertFalse(known().orElseThrow().data().path("active").asBoolean(true), "the button stays known as off");
    }

    @Test
    void aListingThatFailedHasEndedSoAResultNoLongerAddsTheButton() {
        state.retainListed(KnownState.BUTTON, Set.of(), Instant.now().plusSeconds(1));
        SandboxControl.fault(Map.of("status", 500, "method", "GET", "path", "^/v2/buttons$", "count", 1));
        assertFalse(runner.run(buttons, true), "the listing failed");

        fire("{\"n\": 1}");
        await().atMost(PATIENCE).until(() -> statuses().equals(List.of(ActionStatus.SUCCEEDED)));
        assertTrue(known().isEmpty(), "a failed listing is over, it no longer counts as underway: " + known());
    }

    @Test
    void aListingThatStoresTheButtonWhileAResultIsRecordedDoesNotWinWithItsOlderReading() {
        state.retainListed(KnownState.BUTTON, Set.of(), Instant.now().plusSeconds(1));
        Instant listingRead = Instant.now().minusSeconds(1);
        Instant answered = Instant.now();
        // The settle asks whether a listing is underway; at that moment one ends, having stored the
        // button as it read it before the PUT (on). The answer is "no": the stored row must still be found.
        QuarkusTransaction.requiringNew().run(() -> state.recordAll(KnownState.BUTTON,
                Map.of(SUPPORT, json.createObjectNode().put("bid", SUPPORT).put("active", false)), answered, () -> {
                    QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.BUTTON, SUPPORT,
                            json.createObjectNode().put("bid", SUPPORT).put("active", true), listingRead));
                    return false;
                }));
        assertFalse(known().orElseThrow().data().path("active").asBoolean(true),
                "SnapCall's answer, newer than the listing's reading, stands: " + known());
    }

    private Optional<Item> known() {
        return state.item(KnownState.BUTTON, SUPPORT);
    }

    private static void fire(String body) {
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret",
                body.getBytes(StandardCharsets.UTF_8))).body(body).post("/hooks/partner").then().statusCode(202);
    }

    /** The actions' statuses, oldest first. */
    private static List<ActionStatus> statuses() {
        return QuarkusTransaction.requiringNew().call(() -> Action.<Action> listAll(Sort.by("id")).stream()
                .map(a -> a.status).toList());
    }
}
