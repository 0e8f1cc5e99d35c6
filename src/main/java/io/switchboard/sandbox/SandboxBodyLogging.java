package io.switchboard.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Copies each body the sandbox's SnapCall API resources receive into the request log, exactly
 * as received. It reads the body where JAX-RS has it buffered (a filter that runs once the body
 * is read) and hands the resource the same bytes; reading it earlier, in the Vert.x gate, would
 * leave an HTTP/2 request that JAX-RS can no longer take.
 */
public class SandboxBodyLogging {

    /** On the sandbox's SnapCall API resources: their request bodies go to the log. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    public @interface Logged {
    }

    @Inject
    SandboxRequestLog log;

    @Logged
    @ServerRequestFilter(readBody = true)
    void keepBody(ContainerRequestContext request, RoutingContext routing) throws IOException {
        SandboxRequestLog.Entry entry = routing.get(SandboxRequestLog.ENTRY);
        if (entry == null || !request.hasEntity()) {
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        log.keepBody(entry, new String(body, StandardCharsets.UTF_8));
    }
}
