package io.switchboard.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An immutable map of known items that shares structure between versions: the keys are spread
 * over shards, and a change copies only the shards it touches. So a new snapshot after a
 * handful of changes costs a handful of small copies, not a copy of every known button.
 * 4,096 shards keep those copies at ~15 items with 60,000 known buttons (the benchmark's worst
 * case): with 1,024 the copies were 3% of the service's CPU under full load. A shard is an array
 * of items sorted by their keys' bytes ({@link Item#encode}; binary search), not a hash map: no entry objects
 * and no key strings beside the items' own bytes.
 */
final class ItemMap {

    private static final int SHARDS = 4096;
    private static final Item[] NONE = new Item[0];
    static final ItemMap EMPTY = new ItemMap(emptyShards(), 0);

    private final Item[][] shards;
    private final int size;

    private ItemMap(Item[][] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    private static Item[][] emptyShards() {
        Item[][] shards = new Item[SHARDS][];
        Arrays.fill(shards, NONE);
        return shards;
    }

    private static int shard(String key) {
        return (key.hashCode() & 0x7fffffff) % SHARDS;
    }

    Item get(String key) {
        Item[] shard = shards[shard(key)];
        int at = find(shard, Item.encode(key));
        return at >= 0 ? shard[at] : null;
    }

    /** The index of the item with this key in the sorted shard, or {@code -(insertion point) - 1}. */
    private static int find(Item[] shard, byte[] key) {
        int low = 0;
        int high = shard.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = shard[middle].compareKey(key);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    int size() {
        return size;
    }

    Stream<Item> items() {
        return Arrays.stream(shards).flatMap(Arrays::stream);
    }

    /** A new map with {@code changes} applied: a null value removes the key. */
    ItemMap with(Map<String, Item> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Item[][] next = shards.clone();
        Map<Integer, TreeMap<byte[], Item>> touched = new HashMap<>();
        for (Map.Entry<String, Item> change : changes.entrySet()) {
            touched.computeIfAbsent(shard(change.getKey()), i -> new TreeMap<>(Arrays::compareUnsigned))
                    .put(Item.encode(change.getKey()), change.getValue());
        }
        int count = size;
        for (Map.Entry<Integer, TreeMap<byte[], Item>> shard : touched.entrySet()) {
            Item[] before = shards[shard.getKey()];
            List<Item> after = new ArrayList<>(before.length + shard.getValue().size());
            int kept = 0;
            for (Map.Entry<byte[], Item> change : shard.getValue().entrySet()) {
                int at = find(before, change.getKey());
                int end = at >= 0 ? at : -at - 1;
                after.addAll(Arrays.asList(before).subList(kept, end));
                kept = at >= 0 ? at + 1 : end;
                count += (at >= 0 ? -1 : 0) + (change.getValue() == null ? 0 : 1);
                if (change.getValue() != null) {
                    after.add(change.getValue());
                }
            }
            after.addAll(Arrays.asList(before).subList(kept, before.length));
            next[shard.getKey()] = after.toArray(NONE);
        }
        return new ItemMap(next, count);
    }

    /** A read-only {@code Map} over the items, each converted by {@code view} when it is read. */
    <V> Map<String, V> asMap(Function<Item, V> view) {
        return new AbstractMap<>() {
            @Override
            public V get(Object key) {
                Item item = key instanceof String k ? ItemMap.this.get(k) : null;
                return item == null ? null : view.apply(item);
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String k && ItemMap.this.get(k) != null;
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public Set<Entry<String, V>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, V>> iterator() {
                        return items().map(i -> (Entry<String, V>) new SimpleImmutableEntry<>(i.key(), view.apply(i)))
                                .iterator();
                    }

                    @Override
                    public int size() {
                        return size;
                    }
                };
            }
        };
    }

    Collection<Item> values() {
        return items().toList();
    }
}
