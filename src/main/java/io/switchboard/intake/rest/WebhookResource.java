package io.switchboard.intake.rest;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.GroupCommit;
import io.switchboard.intake.EventBatcher;
import io.switchboard.intake.StandardWebhook;
import io.switchboard.intake.WebhookIntake;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.intake.WebhookSources;
import io.switchboard.intake.WebhookVerifier;
import io.switchboard.web.Problem;
import io.switchboard.web.ProblemMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Inbound webhooks: authenticated by their signature ({@link WebhookVerifier}: the Switchboard
 * header or Standard Webhooks), not by an API key. The answer says what became of the delivery:
 * 202 once stored and decided; 413 when it can never be stored (no point sending it again); 503
 * with {@code Retry-After} when it could not be stored now (the sender should).
 */
@Path("/hooks/{source}")
@Tag(name = "Webhooks")
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);

    @Inject
    WebhookSources sources;

    @Inject
    WebhookIntake intake;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a webhook", description = """
            The JSON body becomes event.payload. Sign it: X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of the body \
            with the source's secret>, or Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: \
            v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">; timestamps more than 5 minutes away are refused). \
            202 once stored; a repeated delivery id (the payload's event-id-field, webhook-id, or Idempotency-Key) \
            answers 202 without a second event.""")
    public CompletionStage<RestResponse<Object>> receive(@PathParam("source") String source,
            @HeaderParam(WebhookSignature.HEADER) String signature,
            @HeaderParam(StandardWebhook.ID) String webhookId,
            @HeaderParam(StandardWebhook.TIMESTAMP) String webhookTimestamp,
            @HeaderParam(StandardWebhook.SIGNATURE) String webhookSignature,
            @HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body) {
        String path = "/hooks/" + source;
        byte[] raw = body == null ? new byte[0] : body;
        var secret = sources.secret(source);
        if (secret.isEmpty()) {
            return done(Problem.of(404, "Unknown webhook source",
                    "no secret is configured for this source").at(path));
        }
        var verdict = WebhookVerifier.verify(secret.get(),
                new WebhookVerifier.Signed(signature, webhookId, webhookTimestamp, webhookSignature), raw, clock.instant());
        if (verdict instanceof WebhookVerifier.Refused refused) {
            return done(Problem.of(401, "Bad signature", refused.detail()).at(path));
        }
        Optional<String> signedId = ((WebhookVerifier.Verified) verdict).signedId();
        Optional<Problem> tooLong = tooLong("Idempotency-Key", Optional.ofNullable(idempotencyKey))
                .or(() -> tooLong(StandardWebhook.ID, signedId));
        if (tooLong.isPresent()) {
            return done(tooLong.get().at(path));
        }
        JsonNode payload;
        try {
            payload = json.readTree(raw);
        } catch (IOException e) {
            payload = null;
        }
        if (payload == null || payload.isMissingNode()) {
            return done(Problem.of(400, "Malformed JSON", "the body must be JSON").at(path));
        }
        return intake.receive(source, payload, signedId, idempotencyKey).handle((receipt, failure) -> {
            if (failure == null) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("event_id", receipt.eventId());
                answer.put("duplicate", receipt.duplicate());
                return RestResponse.ResponseBuilder.<Object> create(202).entity(answer)
                        .type(MediaType.APPLICATION_JSON_TYPE).build();
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof EventBatcher.TooLarge tooLarge) {
                return ProblemMapper.problem(Problem.of(413, "Payload too large", tooLarge.getMessage()).at(path));
            }
            // Not stored, so not accepted: 503 tells the sender to deliver it again.
            if (!(cause instanceof GroupCommit.Full)) {
                LOG.warnf(failure, "webhook from %s not stored", source);
            }
            return RestResponse.ResponseBuilder.<Object> create(503).header("Retry-After", "1")
                    .entity(Problem.of(503, "Not stored", "the event could not be stored now; send it again").at(path))
                    .type(Problem.MEDIA_TYPE).build();
        });
    }

    /** A delivery id must fit the dedupe key: a longer header is refused rather than cut (cutting could merge two). */
    private static Optional<Problem> tooLong(String header, Optional<String> value) {
        return value.filter(v -> v.length() > WebhookIntake.MAX_ID).map(v -> Problem.of(400, "Invalid request",
                header + " is longer than " + WebhookIntake.MAX_ID + " characters").withErrors(List.of(
                        new Problem.FieldError(header, "at most " + WebhookIntake.MAX_ID + " characters"))));
    }

    private static CompletionStage<RestResponse<Object>> done(Problem problem) {
        return CompletableFuture.completedFuture(ProblemMapper.problem(problem));
    }
}
