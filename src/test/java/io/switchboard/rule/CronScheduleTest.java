package io.switchboard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Due times: the last one at or before an instant, whole minutes for Unix cron, seconds for Quartz. */
class CronScheduleTest {

    private static Optional<Instant> last(String cron, String zone, String at) {
        return CronSchedule.parse(cron, ZoneId.of(zone)).lastAtOrBefore(Instant.parse(at));
    }

    @Test
    void aUnixDueTimeIsTheWholeMinuteEvenWhenAskedAtAWholeSecondInsideIt() {
        // Asked at 08:07:10 exactly, it answered 08:07:10: a second tick in that minute then fired again.
        assertEquals(Optional.of(Instant.parse("2026-12-07T08:07:00Z")), last("* * * * *", "UTC", "2026-12-07T08:07:10Z"));
        assertEquals(Optional.of(Instant.parse("2026-12-07T08:07:00Z")), last("* * * * *", "UTC", "2026-12-07T08:07:10.5Z"));
        assertEquals(Optional.of(Instant.parse("2026-12-07T08:07:00Z")), last("* * * * *", "UTC", "2026-12-07T08:07:00Z"));
    }

    @Test
    void aQuartzExpressionIsDueOnItsSeconds() {
        assertEquals(Optional.of(Instant.parse("2026-12-07T08:07:15Z")), last("0/15 * * * * ?", "UTC", "2026-12-07T08:07:15Z"));
        assertEquals(Optional.of(Instant.parse("2026-12-07T08:07:15Z")), last("0/15 * * * * ?", "UTC", "2026-12-07T08:07:29Z"));
    }

    @Test
    void dueTimesFollowTheRulesTimeZone() {
        // 09:00 in Paris is 08:00 UTC in December.
        assertEquals(Optional.of(Instant.parse("2026-12-07T08:00:00Z")), last("0 9 * * *", "Europe/Paris", "2026-12-07T08:30:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-12-06T08:00:00Z")), last("0 9 * * *", "Europe/Paris", "2026-12-07T07:59:59Z"));
        assertEquals(Optional.of(Instant.parse("2026-12-08T08:00:00Z")),
                CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Paris")).nextAfter(Instant.parse("2026-12-07T08:00:00Z")));
    }
}
