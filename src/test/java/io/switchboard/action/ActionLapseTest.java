package io.switchboard.action;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import jakarta.inject.Inject;

/**
 * When this instance's claims lapse (its renewals failed for longer than the lease) another
 * instance may have taken its actions over and sent them: what it still holds must then be
 * dropped unless it is still its own — including what waits behind a request in flight, which a
 * lapse used to leave in place and send the moment that request's lane freed: a second send.
 */
@QuarkusTest
class ActionLapseTest {

    private static final String AGENT = "alice@example.com";

    @Inject
    Fixtures fixtures;

    @Inject
    ActionDispatcher dispatcher;

    @BeforeEach
    void fresh() {
        fixtures.clean();
        SandboxControl.reset();
    }

    @AfterEach
    void forget() {
        dispatcher.forgetAll();
        SandboxControl.reset();
    }

    @Test
    void anActionQueuedBehindARequestInFlightIsDroppedAfterALapseAndNeverSent() {
        SandboxControl.fault(Map.of("latency_ms", 1500, "count", 1, "method", "PUT", "path", "^/v2/agents/"));
        Instant now = Instant.now();
        // Neither is in the actions table: as after a takeover, no settle of them is this instance's to record.
        dispatcher.accept(List.of(status(910_001, "away", now), status(910_002, "online", now)));
        await().atMost(Duration.ofSeconds(20)).until(() -> SandboxControl.count("PUT", "/v2/agents/" + AGENT) == 1);

        // The check after a lapse read that this instance owns neither any more.
        dispatcher.retain(Map.of(), Instant.now().plusSeconds(1));

        assertEquals(1, dispatcher.held(), "only the request in flight stays, for its result (which is fenced out)");
        await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.held() == 0);
        assertEquals(1, SandboxControl.count("PUT", "/v2/agents/" + AGENT),
                "the action that was queued behind it went to its new owner, not to SnapCall from here");
    }

    private static QueuedAction status(long id, String status, Instant claimedAt) {
        return new QueuedAction(id, 1, new ActionSpec(ActionType.AGENT_SET_STATUS,
                Map.of("agent", TextNode.valueOf(AGENT), "status", TextNode.valueOf(status))), 0, claimedAt, claimedAt, 1,
                claimedAt);
    }
}
