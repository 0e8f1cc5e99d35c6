package io.switchboard.event.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.auth.Roles;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import io.switchboard.web.BadRequestException;
import io.switchboard.web.Page;
import io.switchboard.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** What happened: stored events, newest first. */
@Path("/api/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
@RolesAllowed(Roles.VIEWER)
public class EventResource {

    /** An event as stored; {@code payload} is what a condition sees as {@code event}. */
    public record EventView(long id, String type, String source, String subject, String dedupeKey,
            Instant occurredAt, Instant receivedAt, Instant processedAt, JsonNode payload) {

        static EventView of(Event e, JsonNode payload) {
            return new EventView(e.id, e.type, e.source, e.subject, e.dedupeKey, e.occurredAt, e.receivedAt,
                    e.processedAt, payload);
        }
    }

    @Inject
    EventStore events;

    @GET
    @Operation(summary = "List events", description = "Filter by type, source (poll:calls, webhook:<source>, schedule…) and since (ISO-8601).")
    public Page<EventView> list(@BeanParam PageParams at,
            @QueryParam("type") String type, @QueryParam("source") String source, @QueryParam("since") String since) {
        Page<Event> found = events.list(at.page(), at.size(), type, source, BadRequestException.instant("since", since));
        return new Page<>(found.items().stream().map(e -> EventView.of(e, events.fields(e))).toList(), at.page(), at.size(), found.total());
    }
}
