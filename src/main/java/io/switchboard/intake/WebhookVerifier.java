package io.switchboard.intake;

import java.time.Instant;
import java.util.Optional;

/**
 * Which of the two schemes signed a delivery, and whether it holds: a delivery that carries
 * {@code webhook-signature} is judged by Standard Webhooks alone (its timestamp included — a
 * second, older signature cannot stand in for a stale one); otherwise by
 * {@code X-Switchboard-Signature}. Only Standard Webhooks signs a delivery id, so only then is
 * there a {@code signedId}. Pure: the caller passes its clock's time.
 */
public final class WebhookVerifier {

    /** The headers a delivery may be signed with. */
    public record Signed(String switchboardSignature, String webhookId, String webhookTimestamp,
            String webhookSignature) {
    }

    public sealed interface Verdict permits Verified, Refused {
    }

    /** Signed by the source's secret; {@code signedId} is the delivery id the signature covers, if any. */
    public record Verified(Optional<String> signedId) implements Verdict {
    }

    public record Refused(String detail) implements Verdict {
    }

    private WebhookVerifier() {
    }

    public static Verdict verify(String secret, Signed headers, byte[] body, Instant now) {
        if (headers.webhookSignature() != null) {
            Optional<String> refusal = StandardWebhook.refusal(secret, headers.webhookId(), headers.webhookTimestamp(),
                    headers.webhookSignature(), body, now);
            return refusal.<Verdict> map(Refused::new).orElseGet(() -> new Verified(Optional.of(headers.webhookId())));
        }
        if (headers.switchboardSignature() == null) {
            return new Refused("sign the body: " + WebhookSignature.HEADER + ": sha256=<hex HMAC-SHA256>, or use "
                    + "Standard Webhooks (" + StandardWebhook.ID + ", " + StandardWebhook.TIMESTAMP + ", "
                    + StandardWebhook.SIGNATURE + ")");
        }
        return WebhookSignature.valid(secret, body, headers.switchboardSignature())
                ? new Verified(Optional.empty())
                : new Refused("the signature does not match the body");
    }
}
