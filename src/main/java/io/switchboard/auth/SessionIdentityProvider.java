package io.switchboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who a console session cookie belongs to: the role of the key it was opened with. A request
 * that changes something must carry the session's CSRF token; without it (a page of another
 * site making the browser send the cookie) the identity is known but holds no role, so every
 * guarded endpoint refuses it with 403 — the cookie alone never authorizes a change.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionRequest> {

    /** Set on the routing context when a change came without the right CSRF token: the 403 says so. */
    public static final String CSRF_REFUSED = "switchboard.csrf-refused";
    /** The identity attribute holding the session's CSRF token, for the pages to embed. */
    public static final String CSRF_TOKEN = "switchboard.csrf-token";

    @Inject
    Sessions sessions;

    @Override
    public Class<SessionRequest> getRequestType() {
        return SessionRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            ConsoleSession session = sessions.find(request.sessionId()).orElseThrow(
                    () -> new AuthenticationFailedException("the console session ended: sign in again"));
            SecurityIdentity identity = ApiKeyIdentityProvider.identity(ApiKeyIdentityProvider.Role.valueOf(session.role),
                    session.keyHash, "session");
            if (request.changes() && !sameToken(session.csrfToken, request.csrfToken())) {
                RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
                if (routing != null) {
                    routing.put(CSRF_REFUSED, true);
                }
                return QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                        .addAttribute("switchboard.via", "session").build();
            }
            return QuarkusSecurityIdentity.builder(identity).addAttribute(CSRF_TOKEN, session.csrfToken).build();
        });
    }

    private static boolean sameToken(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
