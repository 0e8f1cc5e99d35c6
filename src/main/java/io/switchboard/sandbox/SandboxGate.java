package io.switchboard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * when the sandbox is off, logs the request (with its body and which key it carried), plays any
 * matching fault, and checks the key the way SnapCall does (Bearer, or Basic with the key as
 * user name) and where the reference says which key: none on the two public endpoints, the
 * partner account's on {@code activate-account}, the user's on {@code agent-button}, either on
 * the other partner endpoints (the reference leaves them open), the user's everywhere else.
 * Faults and the log cover the SnapCall API only, not the control API.
 */
@ApplicationScoped
public class SandboxGate {

    /** The two endpoints the reference shows without a key. */
    private static final Pattern PUBLIC = Pattern.compile("^/v2/(buttons/[^/]+/info|users/[^/]+/button)$");
    private static final String API_PREFIX = "/sandbox/v2";
    private static final String ACTIVATE_ACCOUNT = "/v2/partner/activate-account";
    private static final String AGENT_BUTTON = "/v2/partner/agent-button";
    private static final String UNAUTHORIZED = "{\"error\":\"Unauthorized\"}";

    /** Why a request's key does not open its endpoint: 401 without a known key, 403 with the wrong one. */
    private record Refusal(int status, String body) {
    }

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
        SandboxRequestLog.Key key = key(ctx);
        if (!path.startsWith(API_PREFIX + "/")) {
            if (key == SandboxRequestLog.Key.ACCOUNT) {
                ctx.next();
            } else {
                answer(ctx, 401, UNAUTHORIZED);
            }
            return;
        }
        String apiPath = path.substring("/sandbox".length());
        SandboxRequestLog.Entry entry = log.record(ctx.request().method().name(), apiPath, ctx.request().query(), key);
        // The resource's filter (SandboxBodyLogging) adds the body once read; answers given here read it themselves.
        ctx.put(SandboxRequestLog.ENTRY, entry);
        ctx.addEndHandler(done -> entry.status = ctx.response().getStatusCode());
        Optional<SandboxFaults.Fault> fault = faults.take(ctx.request().method().name(), apiPath);
        if (fault.isEmpty()) {
            proceed(ctx, apiPath, key);
            return;
        }
        SandboxFaults.Fault f = fault.get();
        if (f.latencyMs() <= 0) {
            play(ctx, f, apiPath, key);
            return;
        }
        // Keep the body for the resource while we wait.
        ctx.request().pause();
        vertx.setTimer(f.latencyMs(), id -> {
            ctx.request().resume();
            play(ctx, f, apiPath, key);
        });
    }

    private void play(RoutingContext ctx, SandboxFaults.Fault fault, String apiPath, SandboxRequestLog.Key key) {
        if (fault.drop()) {
            ctx.request().connection().close();
        } else if (fault.malformed()) {
            answerAfterBody(ctx, 200, "{\"data\": [{\"bid\": \"0846f80abb1c11e7b62e\", \"name\": ");
        } else if (fault.status() > 0) {
            if (fault.retryAfter() != null) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, fault.retryAfter());
            }
            answerAfterBody(ctx, fault.status(), fault.body() != null ? fault.body()
                    : SandboxError.body("injected fault: HTTP " + fault.status()).toString());
        } else {
            proceed(ctx, apiPath, key);
        }
    }

    private void proceed(RoutingContext ctx, String apiPath, SandboxRequestLog.Key key) {
        Optional<Refusal> refusal = refusal(apiPath, key);
        if (refusal.isEmpty()) {
            ctx.next();
        } else {
            answerAfterBody(ctx, refusal.get().status(), refusal.get().body());
        }
    }

    /** Answers in the resource's stead, once the request's body is read into the log. */
    private void answerAfterBody(RoutingContext ctx, int status, String json) {
        SandboxRequestLog.Entry entry = ctx.get(SandboxRequestLog.ENTRY);
        try {
            ctx.request().bodyHandler(body -> {
                log.keepBody(entry, body.toString(StandardCharsets.UTF_8));
                answer(ctx, status, json);
            });
            // The router holds a request paused until a handler takes its body: this one does.
            ctx.request().resume();
        } catch (IllegalStateException alreadyRead) {
            answer(ctx, status, json);
        }
    }

    private static Optional<Refusal> refusal(String apiPath, SandboxRequestLog.Key key) {
        if (PUBLIC.matcher(apiPath).matches()) {
            return Optional.empty();
        }
        return switch (key) {
            case NONE, UNKNOWN -> Optional.of(new Refusal(401, UNAUTHORIZED));
            case PARTNER -> apiPath.startsWith("/v2/partner/") && !apiPath.equals(AGENT_BUTTON) ? Optional.empty()
                    : Optional.of(new Refusal(403, SandboxError.body(
                            "this is the partner account's API key; this endpoint takes the user's").toString()));
            case ACCOUNT -> apiPath.equals(ACTIVATE_ACCOUNT) ? Optional.of(new Refusal(403, SandboxError.body(
                    "activate-account takes the partner account's API key, not the user's").toString()))
                    : Optional.empty();
        };
    }

    /** Which of the sandbox's keys the request carries (never the key itself). */
    private SandboxRequestLog.Key key(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return SandboxRequestLog.Key.NONE;
        }
        String presented = null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).trim();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                presented = colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException notBase64) {
                return SandboxRequestLog.Key.UNKNOWN;
            }
        }
        if (presented == null) {
            return SandboxRequestLog.Key.UNKNOWN;
        }
        // Both compared, in constant time, whatever the first says.
        boolean account = constantTimeEquals(presented, config.apiKey());
        boolean partner = constantTimeEquals(presented, config.partnerApiKey());
        return account ? SandboxRequestLog.Key.ACCOUNT
                : partner ? SandboxRequestLog.Key.PARTNER : SandboxRequestLog.Key.UNKNOWN;
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
}
