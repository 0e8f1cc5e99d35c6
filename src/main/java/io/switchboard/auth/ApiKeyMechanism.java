package io.switchboard.auth;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.switchboard.web.Problem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place credentials are read from a request: {@code Authorization: Bearer <key>}, or
 * else the console's session cookie (with, for a change, the session's CSRF token in
 * {@code X-CSRF-Token}). No credentials make an anonymous request (refused with 401 wherever a role is needed); an
 * {@code Authorization} header that is not a Bearer key is a failed authentication, as an
 * unknown key is. Authentication is not proactive ({@code quarkus.http.auth.proactive=false}):
 * it runs only where a role or a path permission asks for it, so webhooks and the sandbox —
 * which carry their own credentials — never reach it.
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";
    /** The console's session cookie: an opaque random id, HttpOnly, SameSite=Strict. */
    public static final String SESSION_COOKIE = "switchboard_session";
    /** Where a change made with the session cookie carries the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String CHALLENGE = SCHEME + " realm=\"switchboard\"";

    @Inject
    ObjectMapper json;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header != null) {
            String key = bearerKey(header);
            if (key == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException(
                        "only Authorization: Bearer <key> is accepted here"));
            }
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(key), context));
        }
        Cookie session = context.request().getCookie(SESSION_COOKIE);
        if (session != null) {
            boolean changes = !SAFE_METHODS.contains(context.request().method());
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new SessionRequest(session.getValue(), changes, context.request().getHeader(CSRF_HEADER)), context));
        }
        return Uni.createFrom().nullItem();
    }

    /** The key of a {@code Bearer} header (scheme case-insensitive), or null. */
    static String bearerKey(String header) {
        return header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)
                ? header.substring(SCHEME.length() + 1).trim()
                : null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE));
    }

    /**
     * The framework's routes (path permissions under {@code /q}) answer like the API does: 401
     * with the challenge and a problem+json body saying what was missing or refused.
     */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        Problem problem = AuthProblems.unauthorized(context.normalizedPath(),
                HttpSecurityUtils.getAuthenticationFailureFromEvent(context));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(401).putHeader(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class, SessionRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }
}
