package io.switchboard.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The pollers' request budget on a fake clock: the rate it keeps, and how a 429 lowers it. */
class RequestBudgetTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration MAX = Duration.ofMinutes(5);

    /**
     * Sends {@code n} requests one after the other, as fast as the budget allows, from
     * {@code start}; each is answered {@code latency} after it started and reaches SnapCall at a
     * random moment in between (network jitter). Their arrival times.
     */
    static List<Instant> sendAsFastAsAllowed(RequestBudget budget, Instant start, int n, Duration latency) {
        Random jitter = new Random(42);
        List<Instant> arrived = new ArrayList<>();
        Instant now = start;
        while (arrived.size() < n) {
            Duration wait = budget.reserve(now);
            if (wait.isZero()) {
                arrived.add(now.plusNanos((long) (jitter.nextDouble() * latency.toNanos())));
                now = now.plus(latency);
                budget.answered(now);
            } else {
                now = now.plus(wait);
            }
        }
        return arrived;
    }

    static List<Instant> sendAsFastAsAllowed(RequestBudget budget, Instant start, int n) {
        return sendAsFastAsAllowed(budget, start, n, Duration.ofMillis(3));
    }

    /** The most requests within any window of one second. */
    static int busiestSecond(List<Instant> unsorted) {
        List<Instant> sent = unsorted.stream().sorted().toList();
        int most = 0;
        for (int i = 0; i < sent.size(); i++) {
            Instant end = sent.get(i).plusSeconds(1);
            int inWindow = 0;
            for (int j = i; j < sent.size() && sent.get(j).isBefore(end); j++) {
                inWindow++;
            }
            most = Math.max(most, inWindow);
        }
        return most;
    }

    @Test
    void neverMoreThanTheBudgetInAnySecondWhereSnapCallCounts() {
        List<Instant> arrived = sendAsFastAsAllowed(new RequestBudget(5), T0, 200);
        assertEquals(5, busiestSecond(arrived));
        Duration took = Duration.between(T0, arrived.get(199));
        assertTrue(took.compareTo(Duration.ofSeconds(40)) < 0 && took.compareTo(Duration.ofSeconds(39)) > 0,
                "200 requests at 5/s take just under 40 s: " + took);
    }

    @Test
    void aSlowSnapCallStretchesTheSecondByItsLatency() {
        List<Instant> arrived = sendAsFastAsAllowed(new RequestBudget(5), T0, 50, Duration.ofMillis(200));
        assertTrue(busiestSecond(arrived) <= 5);
        Duration took = Duration.between(T0, arrived.get(49));
        assertTrue(took.compareTo(Duration.ofSeconds(11)) > 0,
                "each request holds its slot for 1 s after its answer: 50 take about 12 s, not 9: " + took);
    }

    @Test
    void requestsInFlightCountAgainstTheBudget() {
        RequestBudget budget = new RequestBudget(2);
        assertEquals(Duration.ZERO, budget.reserve(T0));
        assertEquals(Duration.ZERO, budget.reserve(T0));
        assertEquals(RequestBudget.IN_FLIGHT_WAIT, budget.reserve(T0.plusSeconds(5)), "both still unanswered");
        budget.answered(T0.plusSeconds(5));
        assertEquals(Duration.ofSeconds(1), budget.reserve(T0.plusSeconds(5)),
                "one in flight and one answered this second: the budget of 2 is spent");
        assertEquals(Duration.ZERO, budget.reserve(T0.plusSeconds(6)));
        budget.answered(T0.plusSeconds(6));
        budget.answered(T0.plusMillis(6500));
        assertEquals(Duration.ofMillis(200), budget.reserve(T0.plusMillis(6800)),
                "two answers within the last second: wait for the older to leave it");
    }

    @Test
    void aBudgetBelowOnePerSecondSpacesRequests() {
        List<Instant> sent = sendAsFastAsAllowed(new RequestBudget(0.5), T0, 3);
        assertTrue(Duration.between(sent.get(0), sent.get(1)).compareTo(Duration.ofSeconds(2)) >= 0);
        assertTrue(Duration.between(sent.get(1), sent.get(2)).compareTo(Duration.ofSeconds(2)) >= 0);
    }

    @Test
    void aRateLimitHalvesTheRate() {
        RequestBudget budget = new RequestBudget(6);
        budget.throttled(T0);
        assertEquals(3.0, budget.rate(T0));
        List<Instant> sent = sendAsFastAsAllowed(budget, T0, 30);
        assertTrue(busiestSecond(sent.subList(0, 9)) <= 3, "at the lowered rate first");
    }

    @Test
    void theRateClimbsBackToTheBudgetWithinAMinute() {
        RequestBudget budget = new RequestBudget(6);
        budget.throttled(T0);
        assertEquals(3.0, budget.rate(T0));
        assertEquals(4.5, budget.rate(T0.plusSeconds(15)), 0.001);
        assertEquals(6.0, budget.rate(T0.plusSeconds(30)));
        assertEquals(6.0, budget.rate(T0.plusSeconds(3600)));
    }

    @Test
    void rateLimitsArrivingTogetherHalveTheRateOnce() {
        RequestBudget budget = new RequestBudget(8);
        budget.throttled(T0);
        budget.throttled(T0.plusMillis(100));
        budget.throttled(T0.plusMillis(200));
        assertEquals(4.0, budget.rate(T0.plusMillis(200)), 0.1);
        budget.throttled(T0.plusSeconds(2));
        assertTrue(budget.rate(T0.plusSeconds(2)) < 2.5, "a later 429 halves it again");
    }

    @Test
    void repeatedRateLimitsNeverStopPollingAltogether() {
        RequestBudget budget = new RequestBudget(5);
        for (int i = 0; i < 20; i++) {
            budget.throttled(T0.plusSeconds(2L * i));
        }
        assertEquals(5 / 16.0, budget.rate(T0.plusSeconds(38)), 0.001);
    }

    @Test
    void absurdRetryAfterIsClampedBetweenTheFirstRetryAndTheMaximumBackoff() {
        Duration min = PollRunner.FIRST_RETRY;
        assertEquals(MAX, PollRunner.clamp(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), min, MAX));
        assertEquals(min, PollRunner.clamp(Duration.ofSeconds(-30), min, MAX));
        assertEquals(min, PollRunner.clamp(Duration.ZERO, min, MAX), "a date in the past reads as no wait");
        assertEquals(min, PollRunner.clamp(null, min, MAX));
        assertEquals(Duration.ofSeconds(42), PollRunner.clamp(Duration.ofSeconds(42), min, MAX));
        assertEquals(T0.plus(MAX), T0.plus(PollRunner.clamp(Duration.ofSeconds(Long.MAX_VALUE), min, MAX)),
                "nothing overflows when it is added to a time");
    }
}
