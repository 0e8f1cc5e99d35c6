package io.switchboard.snapcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.snapcall.model.SnapCallTime;

/** Every date form a SnapCall answer may use reads as the same instant; anything else is refused. */
class SnapCallTimeTest {

    static final Instant AT = Instant.parse("2026-11-28T02:11:16Z");
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void isoWithAZoneOrAnOffsetIsThatInstant() {
        assertEquals(AT, SnapCallTime.parse("2026-11-28T02:11:16Z"));
        assertEquals(AT, SnapCallTime.parse("2026-11-28T03:11:16+01:00"));
        assertEquals(AT, SnapCallTime.parse("2026-11-28T03:11:16+01:00[Europe/Paris]"));
        assertEquals(AT.plusMillis(250), SnapCallTime.parse("2026-11-28T02:11:16.250Z"));
    }

    @Test
    void datesWithoutAZoneAreUtc() {
        assertEquals(AT, SnapCallTime.parse("2026-11-28T02:11:16"));
        assertEquals(AT, SnapCallTime.parse("2026-11-28 02:11:16"));
        assertEquals(AT.plusMillis(500), SnapCallTime.parse("2026-11-28 02:11:16.5"));
        assertEquals(Instant.parse("2026-11-28T00:00:00Z"), SnapCallTime.parse("2026-11-28"));
    }

    @Test
    void epochSecondsAndMillisecondsAreToldApartByTheirSize() {
        long seconds = AT.getEpochSecond();
        assertEquals(AT, SnapCallTime.parse(NODES.numberNode(seconds)));
        assertEquals(AT, SnapCallTime.parse(NODES.numberNode(seconds * 1000)));
        assertEquals(AT, SnapCallTime.parse(String.valueOf(seconds)), "a number written as a string");
        assertEquals(AT, SnapCallTime.parse(String.valueOf(seconds * 1000)));
        assertEquals(AT.plusMillis(500), SnapCallTime.parse(NODES.numberNode(seconds + 0.5)));
    }

    @Test
    void nothingIsNull() {
        assertNull(SnapCallTime.parse(NODES.nullNode()));
        assertNull(SnapCallTime.parse((JsonNode) null));
        assertNull(SnapCallTime.parse("  "));
    }

    @Test
    void anythingElseIsUnreadable() {
        assertThrows(IllegalArgumentException.class, () -> SnapCallTime.parse("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> SnapCallTime.parse("28/11/2026 02:11"));
        assertThrows(IllegalArgumentException.class, () -> SnapCallTime.parse(NODES.booleanNode(true)));
        assertThrows(IllegalArgumentException.class, () -> SnapCallTime.parse("99999999999999999999999999"));
    }
}
