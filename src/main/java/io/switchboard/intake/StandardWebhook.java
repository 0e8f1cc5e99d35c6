package io.switchboard.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks scheme (standardwebhooks.com, also Svix's): {@code webhook-id},
 * {@code webhook-timestamp} (seconds since the epoch) and {@code webhook-signature}, a
 * space-separated list of {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">} — several
 * while a sender rotates its secret; one that matches is enough. Other versions ({@code v1a},
 * asymmetric) are ignored.
 *
 * <p>Because the id and the time are signed with the body, a captured request replays only
 * within {@link #TOLERANCE} of its timestamp (either way: clocks drift), and within that window
 * the signed id dedupes it. The key: a secret {@code whsec_<base64>} is the base64-decoded bytes
 * (what Standard Webhooks libraries generate and expect); any other secret is its UTF-8 bytes as
 * written. Comparisons are constant-time. Pure: the time comes from the caller's clock.
 */
public final class StandardWebhook {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";

    private StandardWebhook() {
    }

    /** The HMAC key a source's secret stands for; IllegalArgumentException for a whsec_ secret that is not base64. */
    static byte[] key(String secret) {
        byte[] key = secret.startsWith(SECRET_PREFIX)
                ? Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        return key;
    }

    /** One {@code v1,<base64>} signature, as a sender computes it. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        return VERSION + Base64.getEncoder().encodeToString(mac(key(secret), id, String.valueOf(timestamp), body));
    }

    /** Why the delivery is refused, or empty when one of its signatures holds and its time is near now. */
    static Optional<String> refusal(String secret, String id, String timestamp, String signatures, byte[] body,
            Instant now) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            return Optional.of("Standard Webhooks needs " + ID + ", " + TIMESTAMP + " and " + SIGNATURE);
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of(TIMESTAMP + " must be the sending time in seconds since the epoch");
        }
        long from = now.minus(TOLERANCE).getEpochSecond();
        long to = now.plus(TOLERANCE).getEpochSecond();
        if (sent < from || sent > to) {
            return Optional.of(TIMESTAMP + " is more than 5 minutes away from now: a replayed or delayed delivery is refused");
        }
        byte[] key;
        try {
            key = key(secret);
        } catch (IllegalArgumentException badBase64) {
            return Optional.of("this source's secret is not a valid whsec_<base64> secret; ask its operator");
        }
        byte[] expected = mac(key, id, timestamp.trim(), body);
        boolean matched = false;
        for (String candidate : signatures.trim().split(" +")) {
            if (!candidate.startsWith(VERSION)) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(VERSION.length()));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // No early exit: the time spent does not depend on which signature matched.
            matched |= MessageDigest.isEqual(expected, given);
        }
        return matched ? Optional.empty() : Optional.of("no " + SIGNATURE + " matches the id, timestamp and body");
    }

    private static byte[] mac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
