package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The live view's follower and the status chart's geometry. */
class TailAndChartTest {

    record Row(long id, Instant at) {
    }

    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aTailHandsOnEachNewRowOnceOldestFirstIncludingLateCommits() {
        Tail<Row> tail = new Tail<>(T, Row::id, Row::at);
        Row old = new Row(1, T.minusSeconds(1));
        Row a = new Row(3, T.plusSeconds(2));
        Row b = new Row(2, T.plusSeconds(1));
        assertEquals(List.of(b, a), tail.fresh(List.of(old, a, b)), "rows from before the page are on it already");
        assertEquals(T.plusSeconds(2).minus(Tail.OVERLAP), tail.since());
        Row late = new Row(4, T.plusSeconds(1)); // committed after a, stamped before it
        assertEquals(List.of(late), tail.fresh(List.of(a, b, late)));
        assertEquals(List.of(), tail.fresh(List.of(a, b, late)));
    }

    @Test
    void theChartScalesEachMinuteToTheBusiestOne() {
        long first = T.getEpochSecond() / 60;
        var chart = ActivityChart.of(T, List.of(new ActivityChart.Counted("events", "events", Map.of(first, 4L,
                first + 59, 2L)), new ActivityChart.Counted("rules fired", "fired", Map.of())));
        assertEquals(4, chart.max());
        assertEquals(6, chart.series().get(0).total());
        assertEquals("0,0", chart.series().get(0).points().split(" ")[0], "the busiest minute reaches the top");
        assertEquals("600,75", chart.series().get(0).points().split(" ")[59]);
        assertEquals("0,150", chart.series().get(1).points().split(" ")[0], "an empty series lies on the axis");
    }
}
