package io.switchboard.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.engine.RuleIndex;
import io.switchboard.event.EventDraft;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.SnapCallException;
import io.switchboard.snapcall.SnapCallRead;
import io.switchboard.snapcall.model.Agent;
import io.switchboard.state.KnownState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the watched agents — those named on known buttons plus {@code switchboard.poll.agents.watch}
 * (SnapCall has no endpoint listing agents) — one request each, within the poll budget: when the
 * budget cannot read them all in an interval, the round takes longer (the cycle stretches).
 * A round reads first the agents an enabled rule names, then those on active buttons, then the
 * rest; in each group the least recently read first, so a round cut short (a 429) is taken up
 * where it matters next time, and what it read before is stored. Each reading is as old as its
 * own request. A status different from the last seen is {@code agent.status_changed}; the first
 * sighting is a baseline. An answer about another agent, or without a readable status, is
 * skipped and reported.
 */
@ApplicationScoped
public class AgentPoller implements Poller {

    private static final Pattern EMAIL = Pattern.compile("[^\\s'\"`{}()\\[\\],;:<>=!&|+*/\\\\]+@[^\\s'\"`{}()\\[\\],;:<>=!&|+*/\\\\]+");

    @Inject
    SnapCallClient snapCall;

    @Inject
    KnownState state;

    @Inject
    PollConfig config;

    @Inject
    PollBudget budget;

    @Inject
    RuleIndex rules;

    @Inject
    ObjectMapper json;

    @Override
    public String name() {
        return "agents";
    }

    @Override
    public Duration interval() {
        return config.agents().every();
    }

    /** One agent as read, and when its request went out. */
    private record Reading(Instant at, JsonNode data) {
    }

    @Override
    public Result fetch(String cursor, Instant now) {
        Set<String> watched = new TreeSet<>(config.agents().watch().orElse(List.of()));
        Set<String> onActiveButtons = new HashSet<>();
        state.items(KnownState.BUTTON).forEach(b -> {
            String agent = b.data().path("agent").asText("");
            if (!agent.isBlank()) {
                watched.add(agent);
                if (b.data().path("active").asBoolean(false)) {
                    onActiveButtons.add(agent);
                }
            }
        });
        Map<String, Instant> lastRead = new HashMap<>();
        state.items(KnownState.AGENT).forEach(a -> lastRead.put(a.key(), a.seenAt()));

        // Key order for the writes: writers of the known state lock rows in one order, so they cannot deadlock.
        Map<String, Reading> read = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        SnapCallException stoppedBy = null;
        SnapCallException lastFailure = null;
        int failedInARow = 0;
        for (String email : order(watched, namedByRules(), onActiveButtons, lastRead)) {
            try {
                record Answer(Instant at, SnapCallRead<Agent> agent) {
                }
                Answer answer = budget.spend(at -> new Answer(at, snapCall.readAgent(email)));
                failedInARow = 0;
                Agent agent = answer.agent().value();
                problems.addAll(answer.agent().problems());
                if (agent.email() != null && !agent.email().equalsIgnoreCase(email)) {
                    problems.add("agent " + email + ": SnapCall answered about " + agent.email() + ": skipped");
                } else if (agent.status() == null) {
                    problems.add("agent " + email + ": no readable status: skipped");
                } else {
                    ObjectNode data = json.valueToTree(agent);
                    data.put("email", email);
                    read.put(email, new Reading(answer.at(), data));
                }
            } catch (SnapCallException.NotFound gone) {
                // an agent named on a button but unknown to SnapCall: nothing to watch
            } catch (SnapCallException failed) {
                if (!concernsThisAgentOnly(failed)) {
                    failedInARow++;
                    lastFailure = failed;
                }
                if (stopsTheRound(failed, failedInARow)) {
                    // keep what this round read; the runner records the failure and backs off
                    stoppedBy = failed;
                    break;
                }
                problems.add("agent " + email + ": " + failed.getMessage());
            }
        }
        if (stoppedBy == null && read.isEmpty() && lastFailure != null) {
            stoppedBy = lastFailure; // nothing read and SnapCall failing: a failed round, backed off
        }
        return new Result(String.valueOf(read.size()), () -> {
            List<EventDraft> seen = new ArrayList<>();
            read.forEach((email, reading) -> apply(email, reading.data(), reading.at()).ifPresent(seen::add));
            return seen;
        }, problems, stoppedBy);
    }

    /**
     * Whether a failed read ends the round: a 429 or an open circuit at once (the rate must
     * drop), three failures in a row (SnapCall is failing, not this agent). A refusal or an
     * unreadable answer concerns that agent only — skipping it, instead of stopping there,
     * keeps one bad agent from starving those after it.
     */
    static boolean stopsTheRound(SnapCallException failed, int failedInARow) {
        if (failed instanceof SnapCallException.RateLimited || failed instanceof SnapCallException.CircuitOpen) {
            return true;
        }
        return !concernsThisAgentOnly(failed) && failedInARow >= 3;
    }

    /** A refusal, or an answer that came but cannot be read (status 200). */
    private static boolean concernsThisAgentOnly(SnapCallException failed) {
        return failed instanceof SnapCallException.Rejected || failed.status() == 200;
    }

    /**
     * The order a round reads agents in: named by an enabled rule, then on an active button,
     * then the rest; within each, least recently read first (never read: first of all).
     */
    static List<String> order(Set<String> watched, Set<String> namedByRules, Set<String> onActiveButtons,
            Map<String, Instant> lastRead) {
        Comparator<String> byGroup = Comparator.comparingInt(email -> namedByRules.contains(email.toLowerCase(Locale.ROOT)) ? 0
                : onActiveButtons.contains(email) ? 1 : 2);
        return watched.stream()
                .sorted(byGroup.thenComparing(email -> lastRead.getOrDefault(email, Instant.MIN))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** Every address an enabled rule writes anywhere (condition, templates, parameters), lower-cased. */
    Set<String> namedByRules() {
        Set<String> named = new HashSet<>();
        for (RuleIndex.Entry rule : QuarkusTransaction.joiningExisting().call(rules::catalog).byId().values()) {
            if (rule.enabled()) {
                Matcher m = EMAIL.matcher(rule.compiled().definition().toJson().toString());
                while (m.find()) {
                    named.add(m.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        return named;
    }

    private Optional<EventDraft> apply(String email, JsonNode data, Instant readAt) {
        var recorded = state.record(KnownState.AGENT, email, data, readAt);
        var previous = recorded.previous();
        if (recorded.stale()) {
            // read before a newer state was stored (our own request's answer): nothing changed since
            return Optional.empty();
        }
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        String before = previous.get().data().path("status").asText(null);
        String status = data.path("status").asText(null);
        if (status == null || status.equals(before)) {
            return Optional.empty();
        }
        ObjectNode fields = json.createObjectNode();
        fields.put("agent", email);
        fields.put("status", status);
        fields.put("previous", before);
        return Optional.of(new EventDraft("agent.status_changed", "poll:agents", email,
                "agent:" + email + ":" + recorded.sequence(), fields, readAt));
    }
}
