package io.switchboard.web;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one place errors become problem+json: framework errors (unknown path, wrong method,
 * unreadable JSON, bad query parameters) and anything unexpected — which answers 500 without
 * internals, and is logged. Under {@code /sandbox} the body is SnapCall's own error shape.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public RestResponse<Object> webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, request);
        }
        if (e.getCause() instanceof BadRequestException param) {
            return badRequest(param, request); // thrown while a @BeanParam was built (PageParams)
        }
        String reason = reason(status);
        if (request.path().startsWith("/sandbox/")) {
            return RestResponse.ResponseBuilder.<Object> create(status)
                    .entity(Map.of("error", reason)).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        return problem(Problem.of(status, reason, e.getMessage()).at(request.path()));
    }

    @ServerExceptionMapper
    public RestResponse<Object> unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return problem(Problem.of(400, "Malformed JSON", "the body is not valid JSON" + where + ": "
                + e.getOriginalMessage()).at(request.path()));
    }

    @ServerExceptionMapper
    public RestResponse<Object> badRequest(BadRequestException e, HttpServerRequest request) {
        return problem(Problem.of(400, "Invalid request", e.field() + " " + e.getMessage())
                .withErrors(List.of(new Problem.FieldError(e.field(), e.getMessage()))).at(request.path()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<Object> unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.errorf(e, "Unexpected error on %s %s", request.method(), request.path());
        return problem(Problem.of(500, "Internal error", "something went wrong on our side; it was logged")
                .at(request.path()));
    }

    public static RestResponse<Object> problem(Problem problem) {
        return RestResponse.ResponseBuilder.<Object> create(problem.status())
                .entity(problem).type(Problem.MEDIA_TYPE).build();
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}
