package io.switchboard.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.rule.CelValues;

/**
 * One known SnapCall item as last read. Many thousands may be known (the benchmark's job knows a
 * button per event until the next listing forgets it), so the key and the JSON text share one
 * UTF-8 byte array, parsed when read: 167 bytes of heap per benchmark button instead of 252 as
 * two strings in a hash map (JDK 17; BENCHMARKS.md, session 12). {@code sequence} counts changes of this
 * item's data (events use it in their dedupe key); {@code version} orders writes across the
 * whole table (replicas read what is newer).
 */
public final class Item {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key's bytes, then the JSON text's. */
    private final byte[] bytes;
    private final int keyLength;
    private final Instant seenAt;
    private final long sequence;
    private final long version;
    private volatile Object cel;

    Item(String key, String json, Instant seenAt, long sequence, long version) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
        this.bytes = Arrays.copyOf(keyBytes, keyBytes.length + jsonBytes.length);
        System.arraycopy(jsonBytes, 0, bytes, keyBytes.length, jsonBytes.length);
        this.keyLength = keyBytes.length;
        this.seenAt = seenAt;
        this.sequence = sequence;
        this.version = version;
    }

    public String key() {
        return new String(bytes, 0, keyLength, StandardCharsets.UTF_8);
    }

    public JsonNode data() {
        try {
            return JSON.readTree(bytes, keyLength, bytes.length - keyLength);
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    String json() {
        return new String(bytes, keyLength, bytes.length - keyLength, StandardCharsets.UTF_8);
    }

    /** Orders by the key's UTF-8 bytes, as {@link ItemMap} keeps its shards. */
    int compareKey(byte[] key) {
        return Arrays.compareUnsigned(bytes, 0, keyLength, key, 0, key.length);
    }

    public Instant seenAt() {
        return seenAt;
    }

    public long sequence() {
        return sequence;
    }

    long version() {
        return version;
    }

    public boolean freshAt(Instant now, Duration maxAge) {
        return !seenAt.plus(maxAge).isBefore(now);
    }

    /** The item as CEL sees it, converted once. */
    Object celValue() {
        Object value = cel;
        if (value == null) {
            value = CelValues.fromJson(data());
            cel = value;
        }
        return value;
    }
}
