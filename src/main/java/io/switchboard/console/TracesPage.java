package io.switchboard.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.auth.Roles;
import io.switchboard.engine.ExecutionQueries;
import io.switchboard.engine.ExecutionQueries.ExecutionView;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import io.switchboard.rule.Decision;
import io.switchboard.rule.RuleService;
import io.switchboard.rule.RuleView;
import io.switchboard.web.BadRequestException;
import io.switchboard.web.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * The console's traces: newest first, filtered by rule, outcome, subject and time; one trace
 * with its event, every candidate rule's outcome and reason, its actions and every attempt.
 * New traces and events arrive over server-sent events, read from the database every second
 * ({@link Tail}), so a console sees what every replica decided.
 */
@Path("/console/traces")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class TracesPage {

    static final int PAGE_SIZE = 50;
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    /** A trace in the list, with the event it is about. */
    public record TraceRow(ExecutionView trace, String eventType, String subject) {
    }

    /** An event in the live list, or the event of a trace. */
    public record EventRow(long id, String type, String source, String subject, Instant occurredAt,
            Instant receivedAt, JsonNode payload) {

        static EventRow of(Event e, JsonNode payload) {
            return new EventRow(e.id, e.type, e.source, e.subject, e.occurredAt, e.receivedAt, payload);
        }
    }

    private EventRow row(Event e) {
        return EventRow.of(e, events.fields(e));
    }

    /** The list's filters, as typed (times in UTC, as {@code datetime-local} gives them). */
    public record Filters(Long rule, String outcome, String subject, String since, String until) {

        public boolean selects(Long ruleId) {
            return rule != null && rule.equals(ruleId);
        }

        Instant sinceInstant() {
            return instant("since", since);
        }

        Instant untilInstant() {
            return instant("until", until);
        }

        String subjectOrNull() {
            return subject == null || subject.isBlank() ? null : subject.trim();
        }

        String outcomeOrNull() {
            return outcome == null || outcome.isBlank() ? null : outcome;
        }

        /** The same filters as a query string, for the live stream. */
        public String query() {
            StringBuilder q = new StringBuilder();
            append(q, "rule", rule == null ? null : rule.toString());
            append(q, "outcome", outcomeOrNull());
            append(q, "subject", subjectOrNull());
            append(q, "since", since);
            append(q, "until", until);
            return q.toString();
        }

        private static void append(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }

        private static Instant instant(String field, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return BadRequestException.instant(field, value);
            }
        }
    }

    @Inject
    ExecutionQueries executions;

    @Inject
    EventStore events;

    @Inject
    RuleService rules;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @GET
    public TemplateInstance list(@QueryParam("rule") Long rule, @QueryParam("outcome") String outcome,
            @QueryParam("subject") String subject, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("page") Integer page) {
        Filters filters = new Filters(rule, outcome, subject, since, until);
        int at = page == null || page < 0 ? 0 : Math.min(page, Integer.MAX_VALUE / PAGE_SIZE); // the offset fits an int
        Page<ExecutionView> found = executions.list(at, PAGE_SIZE, rule, filters.outcomeOrNull(),
                filters.subjectOrNull(), filters.sinceInstant(), filters.untilInstant());
        List<EventRow> latest = events.list(0, 10, null, null, null).items().stream().map(this::row).toList();
        List<RuleView> allRules = rules.list(0, Page.MAX_SIZE, null, null, null).items();
        return Views.traces(Viewer.of(identity), rows(found.items()), latest, filters, allRules,
                outcomes(), at, found.total(), (long) (at + 1) * PAGE_SIZE < found.total(), clock.instant().toString());
    }

    @GET
    @Path("/{id}")
    public TemplateInstance one(@PathParam("id") long id) {
        ExecutionView trace = executions.find(id).orElseThrow(() -> new NotFoundException("no trace with id " + id));
        Event event = Event.findById(trace.eventId());
        return Views.trace(Viewer.of(identity), trace, event == null ? null : row(event),
                executions.ofEvent(trace.eventId()));
    }

    /**
     * New traces matching the filters ({@code trace}) and new events ({@code event}), as rows
     * of HTML ready to insert, from the moment the page was drawn ({@code after}).
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@QueryParam("rule") Long rule, @QueryParam("outcome") String outcome,
            @QueryParam("subject") String subject, @QueryParam("after") String after, @Context Sse sse) {
        Filters filters = new Filters(rule, outcome, subject, null, null);
        Instant start = BadRequestException.instant("after", after);
        Tail<ExecutionView> traces = new Tail<>(start == null ? clock.instant() : start, ExecutionView::id,
                ExecutionView::createdAt);
        Tail<Event> newEvents = new Tail<>(start == null ? clock.instant() : start, e -> e.id, e -> e.receivedAt);
        return Multi.createFrom().ticks().every(LOOK_EVERY)
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom().item(() -> QuarkusTransaction
                        .requiringNew().call(() -> look(filters, traces, newEvents, sse)))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItem().transformToIterable(Function.identity());
    }

    private List<OutboundSseEvent> look(Filters filters, Tail<ExecutionView> traces, Tail<Event> newEvents, Sse sse) {
        List<ExecutionView> found = executions.list(0, PAGE_SIZE, filters.rule(), filters.outcomeOrNull(),
                filters.subjectOrNull(), traces.since(), null).items();
        List<Event> arrived = events.list(0, PAGE_SIZE, null, null, newEvents.since()).items();
        List<OutboundSseEvent> out = new ArrayList<>();
        newEvents.fresh(arrived).forEach(e -> out.add(sse.newEventBuilder().name("event")
                .data(oneLine(Views.eventRow(row(e)).render())).build()));
        rows(traces.fresh(found)).forEach(row -> out.add(sse.newEventBuilder().name("trace")
                .data(oneLine(Views.traceRow(row).render())).build()));
        return out;
    }

    private static String oneLine(String html) {
        return html.replace('\n', ' ').replace('\r', ' ');
    }

    private List<TraceRow> rows(List<ExecutionView> traces) {
        if (traces.isEmpty()) {
            return List.of();
        }
        Map<Long, Event> byId = Event.<Event> list("id in ?1", traces.stream().map(ExecutionView::eventId).toList())
                .stream().collect(Collectors.toMap(e -> e.id, e -> e));
        return traces.stream().map(t -> {
            Event e = byId.get(t.eventId());
            return new TraceRow(t, e == null ? "" : e.type, e == null ? "" : e.subject);
        }).toList();
    }

    private static List<String> outcomes() {
        return Arrays.stream(Decision.Outcome.values()).map(Decision.Outcome::wire).toList();
    }
}
