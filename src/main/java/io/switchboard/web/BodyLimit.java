package io.switchboard.web;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The body limit ({@code quarkus.http.limits.max-body-size}) answered like every other error:
 * a body that declares a larger {@code Content-Length} gets 413 with a problem+json body
 * (SnapCall's {@code {"error"}} shape under {@code /sandbox}) before a byte of it is read, and the
 * connection is closed — reading it only to throw it away is what the limit prevents. Runs before
 * authentication ({@link #ORDER}: an oversized request costs no credential check) and before
 * Quarkus' own check, which still stops chunked bodies that grow past the limit (with a bare 413:
 * by then the answer cannot wait for a body of ours) — except for webhooks, whose route reads the
 * body itself and answers that with a problem body too.
 */
@ApplicationScoped
public class BodyLimit {

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    /** The route order: before Quarkus' authentication handler (a filter's order is minus its priority). */
    public static final int ORDER = -SecurityHandlerPriorities.AUTHENTICATION - 20;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        maxBodySize.ifPresent(max -> router.route().order(ORDER)
                .handler(context -> check(context, max.asLongValue())));
    }

    private void check(RoutingContext context, long max) {
        String header = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException malformed) {
            declared = -1; // the HTTP codec refuses a malformed length itself
        }
        if (declared <= max) {
            context.next();
            return;
        }
        String path = context.request().path();
        String detail = "the body has " + declared + " bytes; at most " + max + " are accepted";
        Object body = path.startsWith("/sandbox/") ? Map.of("error", detail)
                : Problem.of(413, "Payload too large", detail).at(path);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            LOG.debug("413 answered without a body", e);
            text = "";
        }
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, path.startsWith("/sandbox/") ? "application/json" : Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ended -> context.request().connection().close())
                .end(text);
    }
}
