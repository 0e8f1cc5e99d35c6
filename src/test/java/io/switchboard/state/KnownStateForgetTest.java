package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import jakarta.inject.Inject;

/**
 * A full listing forgets what it no longer has — from the table and from the mirror — however
 * many items that is (in transactions of {@link KnownState#FORGET_CHUNK}), and keeps what was
 * recorded after the listing was read.
 */
@QuarkusTest
class KnownStateForgetTest {

    @Inject
    KnownState state;

    @Inject
    Fixtures fixtures;

    @AfterEach
    void empty() {
        fixtures.clean();
    }

    @Test
    void aListingForgetsEveryButtonItNoLongerHasAndKeepsTheListedAndTheNewer() {
        fixtures.clean();
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        int stored = KnownState.FORGET_CHUNK * 2 + 500;
        QuarkusTransaction.requiringNew().run(() -> IntStream.range(0, stored).forEach(i -> state.record(KnownState.BUTTON,
                String.format("b%05d", i), JsonNodeFactory.instance.objectNode().put("active", true), before)));
        Instant readAt = Instant.now();
        // Recorded after the listing was read (e.g. the answer to our own update): not the listing's to forget.
        QuarkusTransaction.requiringNew().run(() -> state.record(KnownState.BUTTON, "b00007",
                JsonNodeFactory.instance.objectNode().put("active", false), readAt.plusMillis(5)));
        Set<String> listed = Set.of("b00003", "b02400");

        state.retainListed(KnownState.BUTTON, listed, readAt);

        Set<String> expected = Set.of("b00003", "b02400", "b00007");
        assertEquals(expected, state.items(KnownState.BUTTON).stream().map(Item::key).collect(Collectors.toSet()),
                "the mirror");
        assertEquals(expected, Set.copyOf(QuarkusTransaction.requiringNew().call(() -> Snapshot.<Snapshot> list("kind", KnownState.BUTTON))
                .stream().map(s -> s.itemKey).toList()), "the table");
        state.reload();
        assertEquals(3, state.items(KnownState.BUTTON).size(), "read again from the table");
        assertFalse(state.item(KnownState.BUTTON, "b00007").orElseThrow().data().path("active").asBoolean(),
                "the newer state of b00007");
    }
}
