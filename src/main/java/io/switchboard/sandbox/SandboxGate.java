package io.switchboard.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Stands in front of every {@code /sandbox} request, before the JAX-RS resources: answers 404
 * when the sandbox is off, logs the request, plays any matching fault, and checks the key the
 * way SnapCall does (Bearer, or Basic with the key as user name). Faults and the log cover the
 * SnapCall API only, not the control API.
 */
@ApplicationScoped
public class SandboxGate {

    /** The two endpoints the reference shows without a key. */
    private static final Pattern PUBLIC = Pattern.compile("^/v2/(buttons/[^/]+/info|users/[^/]+/button)$");
    private static final String API_PREFIX = "/sandbox/v2";

    @Inject
    SandboxConfig config;

    @Inject
    SandboxFaults faults;

    @Inject
    SandboxRequestLog log;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "snapcall.api-key")
    Optional<String> snapCallKey;

    void register(@Observes Router router) {
        router.route("/sandbox/*").order(-100).handler(this::handle);
    }

    /** On when configured so, otherwise whenever no real SnapCall key is set. */
    public boolean enabled() {
        return config.enabled().orElse(snapCallKey.isEmpty());
    }

    private void handle(RoutingContext ctx) {
        if (!enabled()) {
            answer(ctx, 404, "{\"error\":\"the sandbox is disabled\"}");
            return;
        }
        String path = ctx.normalizedPath();
        if (!path.startsWith(API_PREFIX + "/")) {
            if (authorized(ctx)) {
                ctx.next();
            } else {
                answer(ctx, 401, "{\"error\":\"Unauthorized\"}");
            }
            return;
        }
        String apiPath = path.substring("/sandbox".length());
        SandboxRequestLog.Entry entry = log.record(ctx.request().method().name(), apiPath, ctx.request().query());
        ctx.addEndHandler(done -> entry.status = ctx.response().getStatusCode());
        Optional<SandboxFaults.Fault> fault = faults.take(ctx.request().method().name(), apiPath);
        if (fault.isEmpty()) {
            proceed(ctx, apiPath);
            return;
        }
        SandboxFaults.Fault f = fault.get();
        if (f.latencyMs() <= 0) {
            play(ctx, f, apiPath);
            return;
        }
        // Keep the body for the resource while we wait.
        ctx.request().pause();
        vertx.setTimer(f.latencyMs(), id -> {
            ctx.request().resume();
            play(ctx, f, apiPath);
        });
    }

    private void play(RoutingContext ctx, SandboxFaults.Fault fault, String apiPath) {
        if (fault.drop()) {
            ctx.request().connection().close();
        } else if (fault.malformed()) {
            answer(ctx, 200, "{\"data\": [{\"bid\": \"0846f80abb1c11e7b62e\", \"name\": ");
        } else if (fault.status() > 0) {
            if (fault.retryAfter() != null) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, fault.retryAfter());
            }
            answer(ctx, fault.status(), fault.body() != null ? fault.body()
                    : SandboxError.body("injected fault: HTTP " + fault.status()).toString());
        } else {
            proceed(ctx, apiPath);
        }
    }

    private void proceed(RoutingContext ctx, String apiPath) {
        if (PUBLIC.matcher(apiPath).matches() || authorized(ctx)) {
            ctx.next();
        } else {
            answer(ctx, 401, "{\"error\":\"Unauthorized\"}");
        }
    }

    private boolean authorized(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return false;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return constantTimeEquals(header.substring(7).trim(), config.apiKey());
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return constantTimeEquals(colon < 0 ? decoded : decoded.substring(0, colon), config.apiKey());
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
}
