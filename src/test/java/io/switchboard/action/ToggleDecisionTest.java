package io.switchboard.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** What {@code "active": "toggle"} sends: decided from the known state at the first try, then kept. */
class ToggleDecisionTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String BID = "0846f80abb1c11e7b62e";

    @Test
    void aFirstTryTogglesWhatTheKnownStateSays() {
        PlannedRequest request = ActionPlanner.plan(toggle(null), known(true), NODES.objectNode());
        assertEquals("{\"active\":false}", request.body().toString());
        assertFalse(request.expectedNoChange());
    }

    @Test
    void aFirstTryWithoutAKnownStateReadsTheButtonFirst() {
        assertNull(ActionPlanner.plan(toggle(null), NODES.objectNode(), NODES.objectNode()).body());
    }

    @Test
    void aRetrySendsTheValueTheFirstTryWasDecidedToWhateverTheStateShowsNow() {
        PlannedRequest request = ActionPlanner.plan(toggle(false), known(true), NODES.objectNode());
        assertEquals("{\"active\":false}", request.body().toString(), "not toggled again from the state now");
    }

    @Test
    void aRetryFindingTheButtonAlreadyAsDecidedSendsNothing() {
        assertTrue(ActionPlanner.plan(toggle(false), known(false), NODES.objectNode()).expectedNoChange(),
                "the first try's request did reach SnapCall");
    }

    @Test
    void onlyATryThatMayHaveReachedSnapCallKeepsItsDecision() {
        assertTrue(SendResult.retry("PUT", "/v2/buttons/" + BID, 0, "timeout", null).mayHaveReachedSnapCall());
        assertTrue(SendResult.retry("PUT", "/v2/buttons/" + BID, 503, "unavailable", null).mayHaveReachedSnapCall());
        assertFalse(SendResult.retry("PUT", "/v2/buttons/" + BID, 429, "slow down", null).mayHaveReachedSnapCall());
        assertFalse(SendResult.deferred("PUT", "/v2/buttons/" + BID, "circuit open", null).mayHaveReachedSnapCall());
        assertFalse(SendResult.refused("PUT", "/v2/buttons/" + BID, 400, "bad").mayHaveReachedSnapCall());
    }

    @Test
    void theDecisionIsPinnedOnceAndOnlyForToggles() {
        QueuedAction first = queued(toggle(null));
        QueuedAction pinned = first.pinned(ActionPlanner.plan(first.spec(), known(true), NODES.objectNode()));
        assertEquals(BooleanNode.FALSE, pinned.spec().param(ActionPlanner.RESOLVED_ACTIVE));
        assertTrue(pinned.decidedNow());
        QueuedAction retry = pinned.retryAt(1, null);
        assertFalse(retry.decidedNow(), "recorded with the try");
        assertEquals(retry.spec(), retry.pinned(ActionPlanner.plan(retry.spec(), known(false), NODES.objectNode())).spec(),
                "a pinned toggle keeps its first decision");
        assertEquals(first.spec(), pinned.undecided().spec(), "a try that never reached SnapCall leaves no decision");
        QueuedAction plain = queued(new ActionSpec(ActionType.BUTTON_SET_ACTIVE,
                Map.of("button", TextNode.valueOf(BID), "active", BooleanNode.FALSE)));
        assertFalse(plain.pinned(ActionPlanner.plan(plain.spec(), known(true), NODES.objectNode())).decidedNow());
    }

    private static ActionSpec toggle(Boolean resolved) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        params.put("button", TextNode.valueOf(BID));
        params.put("active", TextNode.valueOf("toggle"));
        if (resolved != null) {
            params.put(ActionPlanner.RESOLVED_ACTIVE, BooleanNode.valueOf(resolved));
        }
        return new ActionSpec(ActionType.BUTTON_SET_ACTIVE, params);
    }

    private static ObjectNode known(boolean active) {
        ObjectNode buttons = NODES.objectNode();
        buttons.putObject(BID).put("bid", BID).put("active", active);
        return buttons;
    }

    private static QueuedAction queued(ActionSpec spec) {
        return new QueuedAction(1, 1, spec, 0, null, null, 0, null);
    }
}
