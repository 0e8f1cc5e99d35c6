package io.switchboard.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The filters of {@code GET /v2/calls} (and the partner subset); each "alternatives" one takes a comma list. */
record SandboxCallFilter(List<String> rate, Instant start, Instant end, List<String> button, List<String> status,
        List<String> agent, List<String> client, List<String> ani) implements Predicate<ObjectNode> {

    static SandboxCallFilter of(String rate, String start, String end, String button, String status, String agent,
            String client, String ani) {
        if (ani != null && !ani.isBlank()) {
            Query.requireDigits("ani", ani);
        }
        Instant from = Query.date("start", start);
        Instant to = Query.date("end", end);
        if (from != null && to != null && to.isBefore(from)) {
            throw SandboxError.badRequest("\"end\" must be after \"start\"");
        }
        return new SandboxCallFilter(Query.values(rate), from, to, Query.values(button), Query.values(status),
                Query.values(agent), Query.values(client), Query.values(ani));
    }

    @Override
    public boolean test(ObjectNode call) {
        Instant created = Instant.parse(call.path("created_at").asText());
        return (start == null || !created.isBefore(start))
                && (end == null || created.isBefore(end))
                && matches(rate, call, "rate")
                && matches(button, call, "bid")
                && matches(status, call, "status")
                && matches(agent, call, "agent")
                && matches(client, call, "client")
                && matches(ani, call, "ani");
    }

    private static boolean matches(List<String> wanted, ObjectNode call, String field) {
        return wanted.isEmpty() || wanted.contains(call.path(field).asText());
    }
}
