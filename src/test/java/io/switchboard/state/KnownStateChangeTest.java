package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What recording one item does to its stored row, decided without a database. */
class KnownStateChangeTest {

    private static final Instant READ = Instant.parse("2026-12-06T10:00:00Z");
    private static final Item STORED = new Item("b1", "{\"active\":true}", READ, 4, 70);

    private final AtomicInteger versionsTaken = new AtomicInteger();
    private final LongSupplier nextVersion = () -> 100 + versionsTaken.incrementAndGet();

    @Test
    void anItemTooLargeForItsRowKeepsItsSmallFieldsAndNotesTheLargestOnes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode button = json.createObjectNode().put("bid", "b1").put("active", true).put("name", "Support");
        button.putObject("config").put("note", "x".repeat(150_000));
        button.put("description", "y".repeat(100_000));

        String stored = KnownState.fitted(button);

        assertTrue(stored.length() <= Snapshot.DATA_LENGTH, "fits its column: " + stored.length());
        JsonNode kept = json.readTree(stored);
        assertEquals("(omitted: 150011 characters)", kept.path("config").asText(), "only the largest field goes");
        assertEquals("y".repeat(100_000), kept.path("description").asText());
        assertTrue(kept.path("active").asBoolean());
        assertEquals("{\"active\":false}", KnownState.fitted(json.readTree("{\"active\":false}")), "what fits is kept as it is");
    }

    @Test
    void aFirstSightingIsStoredAsSequenceOneWithANewVersion() {
        KnownState.Change change = KnownState.change(null, "b1", "{\"active\":true}", READ, nextVersion);

        assertTrue(change.recorded().previous().isEmpty());
        assertEquals(1, change.recorded().sequence());
        assertEquals(1, change.after().sequence());
        assertEquals(101, change.after().version());
    }

    @Test
    void aReadOlderThanWhatIsStoredChangesNothingAndSaysSo() {
        KnownState.Change change = KnownState.change(STORED, "b1", "{\"active\":false}", READ.minusSeconds(1), nextVersion);

        assertTrue(change.recorded().stale());
        assertNull(change.after(), "nothing to write");
        assertEquals(4, change.recorded().sequence());
        assertEquals(0, versionsTaken.get());
    }

    @Test
    void changedDataBumpsTheSequenceAndTakesANewVersion() {
        KnownState.Change change = KnownState.change(STORED, "b1", "{\"active\":false}", READ.plusSeconds(5), nextVersion);

        assertFalse(change.recorded().stale());
        assertSame(STORED, change.recorded().previous().orElseThrow());
        assertEquals(5, change.after().sequence());
        assertEquals(101, change.after().version());
        assertEquals("{\"active\":false}", change.after().json());
        assertEquals(READ.plusSeconds(5), change.after().seenAt());
    }

    @Test
    void changedDataReadAtTheSameMomentIsAChangeThatKeepsTheTimeSeen() {
        KnownState.Change change = KnownState.change(STORED, "b1", "{\"active\":false}", READ, nextVersion);

        assertEquals(5, change.after().sequence());
        assertEquals(101, change.after().version());
        assertEquals(READ, change.after().seenAt());
    }

    @Test
    void theSameDataReadLaterOnlyMovesTheTimeSeenAndKeepsSequenceAndVersion() {
        KnownState.Change change = KnownState.change(STORED, "b1", "{\"active\":true}", READ.plusSeconds(5), nextVersion);

        assertEquals(4, change.after().sequence());
        assertEquals(70, change.after().version());
        assertEquals(READ.plusSeconds(5), change.after().seenAt());
        assertEquals(0, versionsTaken.get(), "no version taken: other replicas have nothing new to read");
    }

    @Test
    void theSameDataReadAtTheSameMomentIsNoChangeAtAll() {
        KnownState.Change change = KnownState.change(STORED, "b1", "{\"active\":true}", READ, nextVersion);

        assertSame(STORED, change.after(), "the stored row, unwritten");
        assertEquals(4, change.recorded().sequence());
    }
}
