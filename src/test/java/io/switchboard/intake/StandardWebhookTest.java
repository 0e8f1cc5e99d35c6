package io.switchboard.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Standard Webhooks verification at a fixed instant, and which id identifies a delivery. */
class StandardWebhookTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final byte[] BODY = "{\"kind\":\"vip\"}".getBytes(StandardCharsets.UTF_8);
    static final String ID = "msg_2Kp9";

    static Optional<String> check(String signatures, long timestamp) {
        return StandardWebhook.refusal(SECRET, ID, String.valueOf(timestamp), signatures, BODY, NOW);
    }

    @Test
    void theSignatureIsTheSpecsHmacOfIdTimestampAndBodyWithTheDecodedSecret() throws Exception {
        // Computed independently: HMAC-SHA256 over "<id>.<timestamp>.<body>" with the base64-decoded key.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((ID + "." + NOW.getEpochSecond() + ".{\"kind\":\"vip\"}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, StandardWebhook.sign(SECRET, ID, NOW.getEpochSecond(), BODY));
        assertEquals(Optional.empty(), check(expected, NOW.getEpochSecond()));
    }

    @Test
    void aSecretWithoutThePrefixIsUsedAsItsRawBytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("plain-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String raw = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((ID + "." + NOW.getEpochSecond() + ".{\"kind\":\"vip\"}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(raw, StandardWebhook.sign("plain-secret", ID, NOW.getEpochSecond(), BODY));
    }

    @Test
    void oneValidSignatureAmongSeveralIsEnough() {
        String valid = StandardWebhook.sign(SECRET, ID, NOW.getEpochSecond(), BODY);
        String rotatedOut = StandardWebhook.sign("whsec_" + Base64.getEncoder().encodeToString("old key".getBytes()), ID,
                NOW.getEpochSecond(), BODY);
        assertEquals(Optional.empty(), check(rotatedOut + " v1a,c29tZXRoaW5n v1,!!notbase64 " + valid, NOW.getEpochSecond()));
        assertTrue(check(rotatedOut + " v1a,c29tZXRoaW5n", NOW.getEpochSecond()).orElseThrow().contains("matches"));
    }

    @Test
    void timestampsMoreThanFiveMinutesAwayEitherWayAreRefused() {
        for (long at : new long[] { NOW.getEpochSecond() - 300, NOW.getEpochSecond() + 300 }) {
            assertEquals(Optional.empty(), check(StandardWebhook.sign(SECRET, ID, at, BODY), at), "exactly 5 minutes away");
        }
        for (long at : new long[] { NOW.getEpochSecond() - 301, NOW.getEpochSecond() + 301, 0, Long.MAX_VALUE }) {
            assertTrue(check(StandardWebhook.sign(SECRET, ID, at, BODY), at).orElseThrow().contains("5 minutes"),
                    "signed, but sent at " + at);
        }
        assertTrue(StandardWebhook.refusal(SECRET, ID, "yesterday", "v1,x", BODY, NOW).orElseThrow().contains("seconds"));
    }

    @Test
    void aChangedIdTimestampOrBodyBreaksTheSignature() {
        String signature = StandardWebhook.sign(SECRET, ID, NOW.getEpochSecond(), BODY);
        assertTrue(StandardWebhook.refusal(SECRET, "msg_other", String.valueOf(NOW.getEpochSecond()), signature, BODY, NOW)
                .isPresent());
        assertTrue(check(signature, NOW.getEpochSecond() - 1).isPresent());
        assertTrue(StandardWebhook.refusal(SECRET, ID, String.valueOf(NOW.getEpochSecond()), signature,
                "{\"kind\":\"vipp\"}".getBytes(), NOW).isPresent());
    }

    @Test
    void missingHeadersAndAnUnusableSecretAreRefusedNotThrown() {
        assertTrue(StandardWebhook.refusal(SECRET, null, "1", "v1,x", BODY, NOW).orElseThrow().contains("webhook-id"));
        assertTrue(StandardWebhook.refusal("whsec_%%%", ID, String.valueOf(NOW.getEpochSecond()), "v1,x", BODY, NOW)
                .orElseThrow().contains("whsec_"));
    }

    @Test
    void aStandardDeliveryIsJudgedByItsOwnSchemeAndCarriesItsSignedId() {
        String signature = StandardWebhook.sign(SECRET, ID, NOW.getEpochSecond(), BODY);
        var verified = WebhookVerifier.verify(SECRET, new WebhookVerifier.Signed(null, ID,
                String.valueOf(NOW.getEpochSecond()), signature), BODY, NOW);
        assertEquals(Optional.of(ID), assertInstanceOf(WebhookVerifier.Verified.class, verified).signedId());
        // A valid Switchboard signature does not rescue a stale Standard Webhooks delivery.
        long stale = NOW.getEpochSecond() - 3600;
        var replayed = WebhookVerifier.verify(SECRET, new WebhookVerifier.Signed(WebhookSignature.sign(SECRET, BODY), ID,
                String.valueOf(stale), StandardWebhook.sign(SECRET, ID, stale, BODY)), BODY, NOW);
        assertInstanceOf(WebhookVerifier.Refused.class, replayed);
        var classic = WebhookVerifier.verify(SECRET, new WebhookVerifier.Signed(WebhookSignature.sign(SECRET, BODY),
                "unsigned-id", null, null), BODY, NOW);
        assertEquals(Optional.empty(), assertInstanceOf(WebhookVerifier.Verified.class, classic).signedId(),
                "X-Switchboard-Signature signs no id");
    }

    @Test
    void thePayloadsIdWinsOverTheSignedIdWhichWinsOverTheUnsignedHeader() {
        assertEquals(Optional.of("order-7"), WebhookIntake.deliveryId(Optional.of("order-7"), Optional.of("msg_1"), "key-1"));
        assertEquals(Optional.of("msg_1"), WebhookIntake.deliveryId(Optional.empty(), Optional.of("msg_1"), "key-1"));
        assertEquals(Optional.of("key-1"), WebhookIntake.deliveryId(Optional.of(" "), Optional.empty(), "key-1"));
        assertEquals(Optional.empty(), WebhookIntake.deliveryId(Optional.empty(), Optional.empty(), null));
        String longId = "x".repeat(5_000);
        assertTrue(WebhookIntake.bounded(longId).length() <= WebhookIntake.MAX_ID, "a long payload id is hashed");
        assertEquals(WebhookIntake.bounded(longId), WebhookIntake.bounded("x".repeat(5_000)), "to the same key each time");
    }
}
