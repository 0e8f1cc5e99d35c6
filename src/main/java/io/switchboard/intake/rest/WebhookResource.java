package io.switchboard.intake.rest;



import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.GroupCommit;
import io.switchboard.intake.WebhookIntake;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.intake.WebhookSources;
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

/** Inbound webhooks: authenticated by their signature, not by an API key. */
@Path("/hooks/{source}")
@Tag(name = "Webhooks")
public class WebhookResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookResource.class);

    @Inject
    WebhookSources sources;

    @Inject
    WebhookIntake intake;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a webhook", description = """
            The JSON body becomes event.payload. Sign it: X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of the body \
            with the source's secret>. 202 once stored; a repeated Idempotency-Key answers 202 without a second event.""")
    public CompletionStage<RestResponse<Object>> receive(@PathParam("source") String source,
            @HeaderParam(WebhookSignature.HEADER) String signature,
            @HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body) {
        String path = "/hooks/" + source;
        var secret = sources.secret(source);
        if (secret.isEmpty()) {
            return done(Problem.of(404, "Unknown webhook source",
                    "no secret is configured for this source").at(path));
        }
        if (!WebhookSignature.valid(secret.get(), body == null ? new byte[0] : body, signature)) {
            return done(Problem.of(401, "Bad signature", signature == null
                    ? "sign the body: " + WebhookSignature.HEADER + ": sha256=<hex HMAC-SHA256>"
                    : "the signature does not match the body").at(path));
        }
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            return done(Problem.of(400, "Invalid request", "Idempotency-Key is longer than 200 characters")
                    .withErrors(List.of(new Problem.FieldError("Idempotency-Key", "at most 200 characters")))
                    .at(path));
        }
        JsonNode payload;
        try {
            payload = json.readTree(body == null ? new byte[0] : body);
        } catch (java.io.IOException e) {
            payload = null;
        }
        if (payload == null || payload.isMissingNode()) {
            return done(Problem.of(400, "Malformed JSON", "the body must be JSON").at(path));
        }
        return intake.receive(source, payload, idempotencyKey).handle((receipt, failure) -> {
            if (failure != null) {
                // Not stored, so not accepted: 503 tells the sender to deliver it again.
                if (!(failure.getCause() instanceof GroupCommit.Full) && !(failure instanceof GroupCommit.Full)) {
                    LOG.warnf(failure, "webhook from %s not stored", source);
                }
                return RestResponse.ResponseBuilder.<Object> create(503).header("Retry-After", "1")
                        .entity(Problem.of(503, "Not stored", "the event could not be stored now; send it again")
                                .at(path))
                        .type(Problem.MEDIA_TYPE).build();
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("event_id", receipt.eventId());
            answer.put("duplicate", receipt.duplicate());
            return RestResponse.ResponseBuilder.<Object> create(202).entity(answer)
                    .type(MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    private static CompletionStage<RestResponse<Object>> done(Problem problem) {
        return CompletableFuture.completedFuture(ProblemMapper.problem(problem));
    }

}
