package io.switchboard.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The framework's own endpoints under {@code /q}: health stays open (probes carry no key);
 * metrics, the OpenAPI document and Swagger UI need an API key like {@code /api} does
 * (Prometheus: {@code authorization: {credentials: <viewer key>}}).
 */
@ApplicationScoped
public class ManagementGate {

    @Inject
    ApiKeys keys;

    void register(@Observes Router router) {
        router.route("/q/*").order(-90).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.equals("/q/health") || path.startsWith("/q/health/")) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        if (keys.roleOf(key).isPresent()) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"")
                .end("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"send an API key: Authorization: Bearer <key>\",\"instance\":\"" + path + "\"}");
    }
}
