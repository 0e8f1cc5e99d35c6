package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

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

    @Test
    void manyRoundsOfChangesLeaveExactlyWhatAPlainMapWouldHold() {
        Random random = new Random(12);
        String[] keys = new String[800];
        for (int i = 0; i < keys.length; i++) {
            // ASCII, accented and astral keys (the shards order them by their bytes), and families of four
            // keys with one hash code ("AaAa", "BBBB", ...: one shard), so changes interleave within a shard.
            keys[i] = switch (i % 4) {
                case 0 -> "b" + i;
                case 1 -> "agent-é" + i + "@example.com";
                case 2 -> "\uD83D\uDE00" + i;
                default -> List.of("AaAa", "AaBB", "BBAa", "BBBB").get(i / 4 % 4) + i / 16;
            };
        }
        Map<String, String> expected = new HashMap<>();
        ItemMap map = ItemMap.EMPTY;
        for (int round = 0; round < 200; round++) {
            Map<String, Item> change = new HashMap<>();
            for (int n = random.nextInt(40); n > 0; n--) {
                String key = keys[random.nextInt(keys.length)];
                String json = random.nextInt(4) == 0 ? null : "{\"round\":" + round + "}";
                change.put(key, json == null ? null : item(key, json));
            }
            ItemMap before = map;
            int sizeBefore = before.size();
            map = map.with(change);
            change.forEach((key, item) -> {
                if (item == null) {
                    expected.remove(key);
                } else {
                    expected.put(key, item.json());
                }
            });
            assertEquals(sizeBefore, before.size(), "the old version is unchanged");
            assertEquals(expected.size(), map.size());
        }
        for (String key : keys) {
            Item found = map.get(key);
            assertEquals(expected.get(key), found == null ? null : found.json(), key);
            if (found != null) {
                assertEquals(key, found.key());
            }
        }
        assertEquals(expected, map.items().collect(Collectors.toMap(Item::key, Item::json)),
                "every item listed once, none left over");
    }

    @Test
    void keysAndTextWithALoneSurrogateComeBackExactlyAndStayDistinct() {
        // A JSON escape such as "\\ud83d" (an emoji cut in half in a name) gives a lone surrogate, which UTF-8 cannot carry.
        String cut = "{\"name\":\"cut \uD83D\"}";
        Map<String, Item> items = new HashMap<>();
        for (String key : List.of("x\uD83D", "x?", "\uD801\uD800", "\uD800\uD81F", "\uD83D\uDE00", "plain")) {
            items.put(key, item(key, cut));
        }
        ItemMap map = ItemMap.EMPTY.with(items);

        assertEquals(6, map.size(), "no two keys merged");
        for (String key : items.keySet()) {
            assertEquals(key, map.get(key).key());
            assertEquals(cut, map.get(key).json(), "the text comes back as stored, so a poll sees no change");
        }
        assertEquals("cut \uD83D", map.get("x\uD83D").data().path("name").asText());
        Map<String, Item> removal = new HashMap<>();
        removal.put("x\uD83D", null);
        ItemMap after = map.with(removal);
        assertNull(after.get("x\uD83D"));
        assertEquals("x?", after.get("x?").key(), "removing the cut key leaves the one its UTF-8 would have become");
    }
}
