package io.switchboard.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.snapcall.SnapCallClient;
import io.switchboard.snapcall.SnapCallException;
import io.switchboard.snapcall.SnapCallRead;
import io.switchboard.snapcall.model.Agent;
import io.switchboard.state.KnownState;

/**
 * The agent poller's real round on a fake clock: 200 watched agents and a budget of 5 requests
 * a second — the scenario, in milliseconds of test time.
 */
class AgentPollingBudgetTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** A clock tests move by hand; the budget "sleeps" by moving it. */
    static final class FakeClock extends Clock {
        private Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A request SnapCall received: who was asked, when. */
    record Request(Instant at, String email) {
    }

    final FakeClock clock = new FakeClock();
    final Random jitter = new Random(7);
    final List<Request> requests = new ArrayList<>();

    AgentPoller poller(List<String> watched, Set<String> namedByRules, RequestBudget budget) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PollConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("switchboard.poll.agents.watch", String.join(",", watched)).build();
        AgentPoller poller = new AgentPoller() {
            @Override
            Set<String> namedByRules() {
                return namedByRules;
            }
        };
        poller.config = config.getConfigMapping(PollConfig.class);
        poller.state = new KnownState();
        poller.json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        poller.budget = PollBudget.of(budget, clock, clock::advance);
        poller.snapCall = new SnapCallClient() {
            @Override
            public SnapCallRead<Agent> readAgent(String email) {
                // answered 2 ms later (the embedded sandbox's pace), arriving at some moment in between
                requests.add(new Request(clock.instant().plusNanos(jitter.nextInt(2_000_000)), email));
                clock.advance(Duration.ofMillis(2));
                return new SnapCallRead<>(new Agent(email, "online", null, null, null, null, null), List.of());
            }
        };
        return poller;
    }

    static List<String> agents(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("agent%03d@example.com", i)).toList();
    }

    @Test
    void twoHundredAgentsAtFivePerSecondAreAllReadWithin40sAndNeverMoreThanFiveInASecond() {
        List<String> watched = agents(200);
        Poller.Result result = poller(watched, Set.of(), new RequestBudget(5)).fetch(null, T0);

        assertEquals("200", result.cursor(), "every agent read in one round");
        assertEquals(Set.copyOf(watched), Set.copyOf(requests.stream().map(Request::email).toList()));
        Duration lastRead = Duration.between(T0, requests.get(requests.size() - 1).at());
        assertTrue(lastRead.compareTo(Duration.ofSeconds(40)) <= 0, "every agent read within 40 s: " + lastRead);
        assertEquals(5, RequestBudgetTest.busiestSecond(requests.stream().map(Request::at).sorted().toList()),
                "never more than 5 requests in any second where SnapCall counts them");
    }

    @Test
    void agentsRulesNameComeFirstThenThoseOnActiveButtonsThenTheLeastRecentlyRead() {
        List<String> watched = agents(6);
        Map<String, Instant> lastRead = Map.of("agent000@example.com", T0.minusSeconds(5),
                "agent001@example.com", T0.minusSeconds(50), "agent002@example.com", T0.minusSeconds(1));
        List<String> order = AgentPoller.order(Set.copyOf(watched), Set.of("agent004@example.com"),
                Set.of("agent005@example.com"), lastRead);
        assertEquals(List.of("agent004@example.com", "agent005@example.com", "agent003@example.com",
                "agent001@example.com", "agent000@example.com", "agent002@example.com"), order,
                "named by a rule, on an active button, never read, then least recently read");
    }

    @Test
    void aRateLimitMidRoundKeepsWhatWasReadAndLowersTheRate() {
        RequestBudget budget = new RequestBudget(5);
        AgentPoller poller = poller(agents(10), Set.of(), budget);
        SnapCallClient counting = poller.snapCall;
        poller.snapCall = new SnapCallClient() {
            @Override
            public SnapCallRead<Agent> readAgent(String email) {
                if (requests.size() == 4) {
                    requests.add(new Request(clock.instant(), email));
                    throw new SnapCallException.RateLimited("SnapCall answered 429", Duration.ofSeconds(30));
                }
                return counting.readAgent(email);
            }
        };
        Poller.Result result = poller.fetch(null, T0);
        assertEquals("4", result.cursor(), "the four agents read before the 429 are kept");
        assertTrue(result.stoppedBy() instanceof SnapCallException.RateLimited);
        assertEquals(2.5, budget.rate(clock.instant()), 0.01, "the 429 halved the rate");
    }

    @Test
    void oneAgentSnapCallCannotReadOrRefusesIsSkippedAndTheRoundGoesOn() {
        AgentPoller poller = poller(agents(5), Set.of(), new RequestBudget(5));
        SnapCallClient counting = poller.snapCall;
        poller.snapCall = new SnapCallClient() {
            @Override
            public SnapCallRead<Agent> readAgent(String email) {
                return switch (email) {
                    case "agent001@example.com" -> throw new SnapCallException.Transient(200,
                            "GET /v2/agents/{email}: SnapCall answered 200 but the answer is not valid JSON", null);
                    case "agent002@example.com" -> throw new SnapCallException.Rejected(400, "SnapCall answered 400: bad email");
                    case "agent003@example.com" -> throw new SnapCallException.Transient(500, "SnapCall answered 500: oops", null);
                    default -> counting.readAgent(email);
                };
            }
        };
        Poller.Result result = poller.fetch(null, T0);
        assertEquals("2", result.cursor(), "agents 000 and 004 read");
        assertEquals(null, result.stoppedBy());
        assertEquals(3, result.problems().size(), result.problems().toString());
    }

    @Test
    void threeFailuresInARowStopTheRoundAndARateLimitAtOnce() {
        SnapCallException down = new SnapCallException.Transient(503, "SnapCall answered 503", null);
        assertEquals(false, AgentPoller.stopsTheRound(down, 2));
        assertEquals(true, AgentPoller.stopsTheRound(down, 3));
        assertEquals(false, AgentPoller.stopsTheRound(new SnapCallException.Rejected(400, "no"), 10));
        assertEquals(true, AgentPoller.stopsTheRound(new SnapCallException.RateLimited("429", null), 1));
        assertEquals(true, AgentPoller.stopsTheRound(new SnapCallException.CircuitOpen("open"), 1));
    }

    @Test
    void theOrderIsStableForAgentsNeverRead() {
        List<String> watched = new ArrayList<>(agents(5));
        Collections.reverse(watched);
        assertEquals(agents(5), AgentPoller.order(Set.copyOf(watched), Set.of(), Set.of(), Map.of()));
    }
}
