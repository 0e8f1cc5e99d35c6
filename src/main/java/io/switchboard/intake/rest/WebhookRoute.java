package io.switchboard.intake.rest;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.switchboard.GroupCommit;
import io.switchboard.intake.EventBatcher;
import io.switchboard.intake.StandardWebhook;
import io.switchboard.intake.WebhookIntake;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.intake.WebhookSources;
import io.switchboard.intake.WebhookVerifier;
import io.switchboard.web.BodyLimit;
import io.switchboard.web.Problem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Inbound webhooks: authenticated by their signature ({@link WebhookVerifier}: the Switchboard
 * header or Standard Webhooks), not by an API key. The answer says what became of the delivery:
 * 202 once stored and decided; 413 when it can never be stored (no point sending it again); 503
 * with {@code Retry-After} when it could not be stored now (the sender should).
 *
 * <p>A plain Vert.x route, not a JAX-RS resource: this is the one endpoint that takes the full
 * load, and RESTEasy's per-request work around it (handler chain, suspend and resume, writer
 * lookup, a Jackson writer for a two-field body) cost about a tenth of the CPU at full load.
 * Errors are the same problem+json as the API's; OpenAPI describes it from
 * {@code META-INF/openapi.yaml}. It runs ahead of Quarkus' authentication and permission handlers
 * (right after {@link BodyLimit}): a webhook's credential is its signature, and those handlers'
 * per-request work (a permission lookup, an observability path template) was ~3% of the CPU at
 * full load for an answer that could only be "no key needed".
 */
@ApplicationScoped
public class WebhookRoute {

    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);

    @Inject
    WebhookSources sources;

    @Inject
    WebhookIntake intake;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        router.post("/hooks/:source").order(BodyLimit.ORDER + 1).handler(this::read);
    }

    /**
     * Reads the body as bytes whatever its content type (a form-encoded one is still the signed
     * bytes), up to the body limit: the declared length was checked before ({@code BodyLimit});
     * this stops a chunked body once it grows past the limit.
     */
    private void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        long max = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + (long) chunk.length() > max) {
                request.handler(null); // the rest is dropped as it comes; the connection closes after the answer
                context.response().putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(ended -> request.connection().close());
                problem(context, Problem.of(413, "Payload too large", "the body has more than " + max
                        + " bytes; at most " + max + " are accepted").at(request.path()));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!context.response().ended()) {
                receive(context, body.getBytes());
            }
        });
    }

    private void receive(RoutingContext context, byte[] raw) {
        HttpServerRequest request = context.request();
        String source = context.pathParam("source");
        String path = "/hooks/" + source;
        try {
            var secret = sources.secret(source);
            if (secret.isEmpty()) {
                problem(context, Problem.of(404, "Unknown webhook source", "no secret is configured for this source").at(path));
                return;
            }
            var verdict = WebhookVerifier.verify(secret.get(), new WebhookVerifier.Signed(
                    request.getHeader(WebhookSignature.HEADER), request.getHeader(StandardWebhook.ID),
                    request.getHeader(StandardWebhook.TIMESTAMP), request.getHeader(StandardWebhook.SIGNATURE)),
                    raw, clock.instant());
            if (verdict instanceof WebhookVerifier.Refused refused) {
                problem(context, Problem.of(401, "Bad signature", refused.detail()).at(path));
                return;
            }
            Optional<String> signedId = ((WebhookVerifier.Verified) verdict).signedId();
            String idempotencyKey = request.getHeader("Idempotency-Key");
            Optional<Problem> tooLong = tooLong("Idempotency-Key", Optional.ofNullable(idempotencyKey))
                    .or(() -> tooLong(StandardWebhook.ID, signedId));
            if (tooLong.isPresent()) {
                problem(context, tooLong.get().at(path));
                return;
            }
            JsonNode payload;
            try {
                payload = json.readTree(raw);
            } catch (IOException e) {
                payload = null;
            }
            if (payload == null || payload.isMissingNode()) {
                problem(context, Problem.of(400, "Malformed JSON", "the body must be JSON").at(path));
                return;
            }
            // Answered on the request's event loop: the future completes on the shared writer, whose every
            // moment delays the next commit (and so every delivery waiting for it).
            Context loop = Vertx.currentContext();
            intake.receive(source, payload, signedId, idempotencyKey).whenComplete((receipt, failure) -> loop.runOnContext(
                    v -> answer(context, source, path, receipt, failure)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Unexpected error on POST %s", path);
            problem(context, Problem.of(500, "Internal error", "something went wrong on our side; it was logged").at(path));
        }
    }

    private void answer(RoutingContext context, String source, String path, WebhookIntake.Receipt receipt,
            Throwable failure) {
        if (failure == null) {
            // Written by hand: the one answer sent at full load, two fields that need no escaping.
            context.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"event_id\":" + receipt.eventId() + ",\"duplicate\":" + receipt.duplicate() + "}");
        } else {
            notStored(context, source, path, failure);
        }
    }

    private void notStored(RoutingContext context, String source, String path, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EventBatcher.TooLarge tooLarge) {
            problem(context, Problem.of(413, "Payload too large", tooLarge.getMessage()).at(path));
            return;
        }
        // Not stored, so not accepted: 503 tells the sender to deliver it again.
        if (!(cause instanceof GroupCommit.Full)) {
            LOG.warnf(failure, "webhook from %s not stored", source);
        }
        context.response().putHeader("Retry-After", "1");
        problem(context, Problem.of(503, "Not stored", "the event could not be stored now; send it again").at(path));
    }

    /** A delivery id must fit the dedupe key: a longer header is refused rather than cut (cutting could merge two). */
    private static Optional<Problem> tooLong(String header, Optional<String> value) {
        return value.filter(v -> v.length() > WebhookIntake.MAX_ID).map(v -> Problem.of(400, "Invalid request",
                header + " is longer than " + WebhookIntake.MAX_ID + " characters").withErrors(List.of(
                        new Problem.FieldError(header, "at most " + WebhookIntake.MAX_ID + " characters"))));
    }

    private void problem(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem is always serializable", e);
        }
        context.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
