package io.switchboard.state;

import java.io.ByteArrayOutputStream;
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

    /** The key's bytes, then the JSON text's ({@link #encode}). */
    private final byte[] bytes;
    private final int keyLength;
    /** Whether the key or the text holds a lone surrogate: then the bytes are not UTF-8 ({@link #encode}). */
    private final boolean wobbly;
    private final Instant seenAt;
    private final long sequence;
    private final long version;
    private volatile Object cel;

    Item(String key, String json, Instant seenAt, long sequence, long version) {
        byte[] keyBytes = encode(key);
        byte[] jsonBytes = encode(json);
        this.wobbly = !wellFormed(key) || !wellFormed(json);
        this.bytes = Arrays.copyOf(keyBytes, keyBytes.length + jsonBytes.length);
        System.arraycopy(jsonBytes, 0, bytes, keyBytes.length, jsonBytes.length);
        this.keyLength = keyBytes.length;
        this.seenAt = seenAt;
        this.sequence = sequence;
        this.version = version;
    }

    public String key() {
        return decode(bytes, 0, keyLength, wobbly);
    }

    public JsonNode data() {
        try {
            return wobbly ? JSON.readTree(json()) : JSON.readTree(bytes, keyLength, bytes.length - keyLength);
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    String json() {
        return decode(bytes, keyLength, bytes.length - keyLength, wobbly);
    }

    /**
     * UTF-8, except that a lone surrogate (which UTF-8 cannot carry, and a JSON escape such as
     * {@code "\\ud83d"} in a cut name can produce) keeps its own 3-byte sequence (WTF-8): every
     * string comes back exactly, and distinct strings stay distinct keys.
     */
    static byte[] encode(String text) {
        if (wellFormed(text)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length();) {
            int point = text.codePointAt(i); // a lone surrogate's own value
            i += Character.charCount(point);
            if (point < 0x80) {
                out.write(point);
            } else if (point < 0x800) {
                out.write(0xC0 | point >> 6);
                out.write(0x80 | point & 0x3F);
            } else if (point < 0x10000) {
                out.write(0xE0 | point >> 12);
                out.write(0x80 | point >> 6 & 0x3F);
                out.write(0x80 | point & 0x3F);
            } else {
                out.write(0xF0 | point >> 18);
                out.write(0x80 | point >> 12 & 0x3F);
                out.write(0x80 | point >> 6 & 0x3F);
                out.write(0x80 | point & 0x3F);
            }
        }
        return out.toByteArray();
    }

    private static String decode(byte[] bytes, int offset, int length, boolean wobbly) {
        if (!wobbly) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(length);
        for (int i = offset; i < offset + length;) {
            int lead = bytes[i++] & 0xFF;
            int trailing = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
            int point = trailing == 0 ? lead : lead & (0x3F >> trailing);
            for (int t = 0; t < trailing; t++) {
                point = point << 6 | bytes[i++] & 0x3F;
            }
            text.appendCodePoint(point);
        }
        return text.toString();
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Orders by the key's bytes ({@link #encode}), as {@link ItemMap} keeps its shards. */
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
