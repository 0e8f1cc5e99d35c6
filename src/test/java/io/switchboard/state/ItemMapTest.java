package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The known state's snapshots: a new version never changes the one readers already hold. */
class ItemMapTest {

    static Item item(String key, String json) {
        return new Item(key, json, Instant.parse("2026-11-28T10:00:00Z"), 1, 1);
    }

    @Test
    void aChangeMakesANewMapAndLeavesTheOldOneAsItWas() {
        Map<String, Item> first = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            first.put("b" + i, item("b" + i, "{\"active\":true}"));
        }
        ItemMap before = ItemMap.EMPTY.with(first);
        Map<String, Item> change = new HashMap<>();
        change.put("b7", item("b7", "{\"active\":false}"));
        change.put("b8", null);
        change.put("new", item("new", "{}"));
        ItemMap after = before.with(change);

        assertEquals(5_000, before.size());
        assertEquals(5_000, after.size());
        assertEquals(true, before.get("b7").data().path("active").asBoolean());
        assertEquals(false, after.get("b7").data().path("active").asBoolean());
        assertNull(after.get("b8"));
        assertEquals("{}", after.get("new").json());
        assertSame(before, before.with(Map.of()));
        assertEquals(5_000, after.asMap(Item::key).size());
        assertEquals("b9", after.asMap(Item::key).get("b9"));
    }
}
