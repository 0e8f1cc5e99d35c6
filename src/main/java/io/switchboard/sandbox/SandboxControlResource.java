package io.switchboard.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Test and demo controls of the sandbox (same key as its API): reset the account, inject
 * faults, read the request log, run the traffic simulator by hand.
 */
@Path("/sandbox/_control")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControlResource {

    /**
     * A fault to inject. {@code path} is a regular expression searched in the API path (e.g.
     * {@code ^/v2/buttons}); {@code count} null means until cleared. {@code retry_after} is sent
     * as written: a number of seconds, an HTTP date, or anything else a test wants SnapCall to say.
     */
    public record FaultRequest(String method, String path, Integer status, String body, String retryAfter,
            Long latencyMs, Boolean drop, Boolean malformed, Integer count) {
    }

    public record FaultView(String method, String path, int status, String retryAfter, long latencyMs, boolean drop,
            boolean malformed, Integer remaining) {

        static FaultView of(SandboxFaults.Fault f) {
            return new FaultView(f.method(), f.path() == null ? null : f.path().pattern(), f.status(), f.retryAfter(),
                    f.latencyMs(), f.drop(), f.malformed(), f.remaining() == null ? null : f.remaining().get());
        }
    }

    /** A logged request: {@code key} names the key it carried (account, partner, none, unknown), {@code body} is as received. */
    public record RequestView(long seq, String at, String method, String path, String query, int status, String key,
            String body) {
        static RequestView of(SandboxRequestLog.Entry e) {
            return new RequestView(e.seq, e.at.toString(), e.method, e.path, e.query, e.status(),
                    e.key.name().toLowerCase(Locale.ROOT), e.body());
        }
    }

    @Inject
    SandboxState state;

    @Inject
    SandboxFaults faults;

    @Inject
    SandboxRequestLog log;

    @Inject
    SandboxSimulator simulator;

    @POST
    @Path("/reset")
    public Map<String, Object> reset() {
        state.reset();
        faults.clear();
        log.clear();
        simulator.restart();
        return Map.of("reset", true);
    }

    @POST
    @Path("/faults")
    public FaultView addFault(FaultRequest request) {
        if (request == null) {
            throw SandboxError.badRequest("a fault needs a body");
        }
        int status = request.status() == null ? 0 : request.status();
        boolean drop = Boolean.TRUE.equals(request.drop());
        boolean malformed = Boolean.TRUE.equals(request.malformed());
        long latency = request.latencyMs() == null ? 0 : request.latencyMs();
        if (status != 0 && (status < 100 || status > 599)) {
            throw SandboxError.badRequest("\"status\" must be an HTTP status");
        }
        if (status == 0 && !drop && !malformed && latency <= 0) {
            throw SandboxError.badRequest("a fault needs one of status, latency_ms, drop, malformed");
        }
        if (latency < 0 || latency > 120_000) {
            throw SandboxError.badRequest("\"latency_ms\" must be between 0 and 120000");
        }
        if (request.count() != null && request.count() < 1) {
            throw SandboxError.badRequest("\"count\" must be at least 1");
        }
        Pattern path;
        try {
            path = request.path() == null ? null : Pattern.compile(request.path());
        } catch (PatternSyntaxException e) {
            throw SandboxError.badRequest("\"path\" must be a regular expression");
        }
        SandboxFaults.Fault fault = new SandboxFaults.Fault(request.method(), path, status, request.body(),
                request.retryAfter(), latency, drop, malformed,
                request.count() == null ? null : new AtomicInteger(request.count()));
        faults.add(fault);
        return FaultView.of(fault);
    }

    @GET
    @Path("/faults")
    public List<FaultView> faults() {
        return faults.list().stream().map(FaultView::of).toList();
    }

    @DELETE
    @Path("/faults")
    public Map<String, Object> clearFaults() {
        faults.clear();
        return Map.of("deleted", true);
    }

    /** The request log, oldest first; {@code method} and {@code path} (a regular expression) narrow it. */
    @GET
    @Path("/requests")
    public List<RequestView> requests(@QueryParam("method") String method, @QueryParam("path") String path) {
        Pattern wanted = path == null ? null : Pattern.compile(path);
        return log.entries().stream()
                .filter(e -> method == null || method.equalsIgnoreCase(e.method))
                .filter(e -> wanted == null || wanted.matcher(e.path).find())
                .map(RequestView::of).toList();
    }

    @DELETE
    @Path("/requests")
    public Map<String, Object> clearRequests() {
        log.clear();
        return Map.of("deleted", true);
    }

    /** A call to add: on {@code bid}, with a status (ringing by default), created now unless {@code created_at} says. */
    public record CallRequest(String bid, String status, String createdAt, String client, String ani) {
    }

    /** Adds a call to the account, as if a visitor had called: for tests and demos. */
    @POST
    @Path("/calls")
    public com.fasterxml.jackson.databind.node.ObjectNode addCall(CallRequest request) {
        if (request == null || request.bid() == null) {
            throw SandboxError.badRequest("\"bid\" is required");
        }
        String status = request.status() == null ? "ringing" : request.status();
        if (!List.of("ringing", "ongoing", "completed", "missed", "dropped").contains(status)) {
            throw SandboxError.badRequest("\"status\" must be one of ringing, ongoing, completed, missed, dropped");
        }
        Instant created = request.createdAt() == null ? Instant.parse(SandboxState.now())
                : Query.date("created_at", request.createdAt());
        long id = state.addCall(request.bid(), "ringing", created,
                request.client() == null ? "visitor" : request.client(), request.ani() == null ? "33100000000" : request.ani());
        if (!"ringing".equals(status)) {
            state.updateCall(id, status, created.plusSeconds(30), null);
        }
        return state.call(id);
    }

    /** Runs the traffic simulator {@code times} steps now, whether or not it runs on its own. */
    @POST
    @Path("/simulator/tick")
    public Map<String, Object> tick(@QueryParam("times") @DefaultValue("1") int times) {
        if (times < 1 || times > 1000) {
            throw SandboxError.badRequest("\"times\" must be between 1 and 1000");
        }
        for (int i = 0; i < times; i++) {
            simulator.step();
        }
        return Map.of("ticks", times);
    }
}
