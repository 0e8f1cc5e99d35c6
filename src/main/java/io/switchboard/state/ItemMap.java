package io.switchboard.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An immutable map of known items that shares structure between versions: the keys are spread
 * over shards, and a change copies only the shards it touches. So a new snapshot after a
 * handful of changes costs a handful of small copies, not a copy of every known button.
 * 4,096 shards keep those copies at ~15 items with 60,000 known buttons (the benchmark's worst
 * case): with 1,024 the copies were 3% of the service's CPU under full load.
 */
final class ItemMap {

    private static final int SHARDS = 4096;
    static final ItemMap EMPTY = new ItemMap(emptyShards(), 0);

    private final Map<String, Item>[] shards;
    private final int size;

    private ItemMap(Map<String, Item>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Item>[] emptyShards() {
        Map<String, Item>[] shards = new Map[SHARDS];
        Arrays.fill(shards, Map.of());
        return shards;
    }

    private static int shard(String key) {
        return (key.hashCode() & 0x7fffffff) % SHARDS;
    }

    Item get(String key) {
        return shards[shard(key)].get(key);
    }

    int size() {
        return size;
    }

    Stream<Item> items() {
        return Arrays.stream(shards).flatMap(s -> s.values().stream());
    }

    /** A new map with {@code changes} applied: a null value removes the key. */
    ItemMap with(Map<String, Item> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<String, Item>[] next = shards.clone();
        Map<Integer, Map<String, Item>> touched = new HashMap<>();
        int count = size;
        for (Map.Entry<String, Item> change : changes.entrySet()) {
            int index = shard(change.getKey());
            Map<String, Item> copy = touched.computeIfAbsent(index, i -> new HashMap<>(shards[i]));
            Item before = change.getValue() == null ? copy.remove(change.getKey())
                    : copy.put(change.getKey(), change.getValue());
            count += (before == null ? 0 : -1) + (change.getValue() == null ? 0 : 1);
        }
        touched.forEach((index, copy) -> next[index] = Map.copyOf(copy));
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
