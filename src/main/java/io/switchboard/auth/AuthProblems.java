package io.switchboard.auth;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.switchboard.web.Problem;
import io.switchboard.web.ProblemMapper;
import jakarta.ws.rs.core.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refusals of the security layer as problem+json, one wording wherever they happen: here for
 * REST resources ({@code @RolesAllowed}), and through {@link ApiKeyMechanism#sendChallenge}
 * for the framework's routes under {@code /q} (path permissions).
 */
public class AuthProblems {

    static final String NO_CREDENTIALS = "send an API key: Authorization: Bearer <key>";
    static final String READ_ONLY = "this key may only read: changes need an admin key";

    /** 401: no credentials ({@code failure} null) or credentials that were refused. */
    public static Problem unauthorized(String path, AuthenticationFailedException failure) {
        String detail = failure == null ? NO_CREDENTIALS
                : failure.getMessage() == null || failure.getMessage().isBlank() ? "unknown API key" : failure.getMessage();
        return Problem.of(401, "Unauthorized", detail).at(path);
    }

    @ServerExceptionMapper
    public RestResponse<Object> anonymous(UnauthorizedException e, HttpServerRequest request) {
        return challenge(unauthorized(request.path(), null));
    }

    @ServerExceptionMapper
    public RestResponse<Object> refused(AuthenticationFailedException e, HttpServerRequest request) {
        return challenge(unauthorized(request.path(), e));
    }

    @ServerExceptionMapper
    public RestResponse<Object> forbidden(ForbiddenException e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(403, "Forbidden", READ_ONLY).at(request.path()));
    }

    private static RestResponse<Object> challenge(Problem problem) {
        return RestResponse.ResponseBuilder.<Object> create(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyMechanism.CHALLENGE)
                .entity(problem).type(Problem.MEDIA_TYPE).build();
    }
}
