package io.switchboard.web;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Turns framework errors (unknown path, wrong method, unsupported media type…) into problem+json.
 * Under {@code /sandbox} the body is SnapCall's own error shape instead, so the sandbox answers
 * like the real API even for paths it does not know.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Object> webApplication(WebApplicationException e, HttpServerRequest request) {
        Response response = e.getResponse();
        int status = response.getStatus();
        String reason = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "HTTP " + status;
        if (request.path().startsWith("/sandbox/")) {
            return RestResponse.ResponseBuilder.<Object> create(status)
                    .entity(java.util.Map.of("error", reason)).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        return problem(Problem.of(status, reason, e.getMessage()).at(request.path()));
    }

    public static RestResponse<Object> problem(Problem problem) {
        return RestResponse.ResponseBuilder.<Object> create(problem.status())
                .entity(problem).type(Problem.MEDIA_TYPE).build();
    }
}
