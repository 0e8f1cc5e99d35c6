package io.switchboard.state;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.rule.CelValues;

/**
 * One known SnapCall item as last read: kept as compact JSON text (many thousands may be known),
 * parsed when read. {@code sequence} counts changes of this item's data (events use it in their
 * dedupe key); {@code version} orders writes across the whole table (replicas read what is newer).
 */
public final class Item {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String key;
    private final String json;
    private final Instant seenAt;
    private final long sequence;
    private final long version;
    private volatile Object cel;

    Item(String key, String json, Instant seenAt, long sequence, long version) {
        this.key = key;
        this.json = json;
        this.seenAt = seenAt;
        this.sequence = sequence;
        this.version = version;
    }

    public String key() {
        return key;
    }

    public JsonNode data() {
        return parse(json);
    }

    String json() {
        return json;
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

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
