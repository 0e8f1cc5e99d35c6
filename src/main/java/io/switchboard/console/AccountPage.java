package io.switchboard.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.switchboard.auth.Roles;
import io.switchboard.state.Item;
import io.switchboard.state.KnownState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The SnapCall account as Switchboard last read it (the known state, from memory — no request
 * to SnapCall): buttons with their {@code active} state and agents with their status, each with
 * how long ago SnapCall said so.
 */
@Path("/console/account")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class AccountPage {

    public record ButtonRow(String bid, String name, boolean active, String agent, Instant seenAt, String age) {
    }

    public record AgentRow(String email, String status, Instant seenAt, String age) {
    }

    @Inject
    KnownState state;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @GET
    public TemplateInstance account() {
        Instant now = clock.instant();
        List<ButtonRow> buttons = state.items(KnownState.BUTTON).stream()
                .map(i -> new ButtonRow(i.key(), i.data().path("name").asText(""), i.data().path("active").asBoolean(),
                        i.data().path("agent").asText(""), i.seenAt(), age(i, now)))
                .sorted(Comparator.comparing(ButtonRow::name).thenComparing(ButtonRow::bid)).toList();
        List<AgentRow> agents = state.items(KnownState.AGENT).stream()
                .map(i -> new AgentRow(i.key(), i.data().path("status").asText(""), i.seenAt(), age(i, now)))
                .sorted(Comparator.comparing(AgentRow::email)).toList();
        return Views.account(Viewer.of(identity), buttons, agents);
    }

    private static String age(Item item, Instant now) {
        return Formats.age(Duration.between(item.seenAt(), now));
    }
}
