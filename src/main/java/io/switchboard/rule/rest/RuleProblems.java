package io.switchboard.rule.rest;

import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.switchboard.rule.RuleConflictException;
import io.switchboard.rule.RuleInvalidException;
import io.switchboard.rule.RuleNotFoundException;
import io.switchboard.web.Problem;
import io.switchboard.web.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.persistence.OptimisticLockException;

/** Rule errors as problem+json: 400 with the fields at fault, 404, 409. */
public class RuleProblems {

    @ServerExceptionMapper
    public RestResponse<Object> invalid(RuleInvalidException e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(400, "Invalid rule", e.getMessage()).withErrors(e.errors())
                .at(request.path()));
    }

    @ServerExceptionMapper
    public RestResponse<Object> notFound(RuleNotFoundException e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(404, "Rule not found", e.getMessage()).at(request.path()));
    }

    @ServerExceptionMapper
    public RestResponse<Object> conflict(RuleConflictException e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(409, "Conflict", e.getMessage())
                .withErrors(List.of(new Problem.FieldError(e.field(), e.getMessage()))).at(request.path()));
    }

    @ServerExceptionMapper
    public RestResponse<Object> concurrentEdit(OptimisticLockException e, HttpServerRequest request) {
        return ProblemMapper.problem(Problem.of(409, "Conflict",
                "the rule was changed by someone else meanwhile: read it again and reapply your change").at(request.path()));
    }
}
