package io.switchboard.auth;

import java.net.URI;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.switchboard.web.Problem;
import io.switchboard.web.ProblemMapper;
import jakarta.ws.rs.core.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refusals of the security layer as problem+json, one wording wherever they happen: here for
 * REST resources ({@code @RolesAllowed}), and through {@link ApiKeyMechanism#sendChallenge}
 * for the framework's routes under {@code /q} (path permissions). A browser on the console's
 * pages is sent to the sign-in page instead of getting a 401.
 */
public class AuthProblems {

    static final String NO_CREDENTIALS = "send an API key: Authorization: Bearer <key>";
    static final String READ_ONLY = "this key may only read: changes need an admin key";
    static final String CSRF_REFUSED = "a change made with the console's session needs its CSRF token (X-CSRF-Token):"
            + " reload the console, or send an API key (Authorization: Bearer) instead";
    static final String CONSOLE = "/console";
    static final String SIGN_IN = CONSOLE + "/signin";

    /** 401: no credentials ({@code failure} null) or credentials that were refused. */
    public static Problem unauthorized(String path, AuthenticationFailedException failure) {
        String detail = failure == null ? NO_CREDENTIALS
                : failure.getMessage() == null || failure.getMessage().isBlank() ? "unknown API key" : failure.getMessage();
        return Problem.of(401, "Unauthorized", detail).at(path);
    }

    @ServerExceptionMapper
    public RestResponse<Object> anonymous(UnauthorizedException e, HttpServerRequest request) {
        return challenge(request, unauthorized(request.path(), null));
    }

    @ServerExceptionMapper
    public RestResponse<Object> refused(AuthenticationFailedException e, HttpServerRequest request) {
        return challenge(request, unauthorized(request.path(), e));
    }

    @ServerExceptionMapper
    public RestResponse<Object> forbidden(ForbiddenException e, RoutingContext routing) {
        String detail = Boolean.TRUE.equals(routing.get(SessionIdentityProvider.CSRF_REFUSED)) ? CSRF_REFUSED : READ_ONLY;
        return ProblemMapper.problem(Problem.of(403, "Forbidden", detail).at(routing.request().path()));
    }

    /**
     * A 401: for the console's pages, the way to the sign-in page (an htmx request is told with
     * {@code HX-Redirect}, since it would swap a redirect's page into a fragment).
     */
    private static RestResponse<Object> challenge(HttpServerRequest request, Problem problem) {
        if (request.path().equals(CONSOLE) || request.path().startsWith(CONSOLE + "/")) {
            if (request.getHeader("HX-Request") != null) {
                return RestResponse.ResponseBuilder.<Object> create(401).header("HX-Redirect", SIGN_IN).build();
            }
            return RestResponse.ResponseBuilder.<Object> create(303).location(URI.create(SIGN_IN)).build();
        }
        return RestResponse.ResponseBuilder.<Object> create(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyMechanism.CHALLENGE)
                .entity(problem).type(Problem.MEDIA_TYPE).build();
    }
}
