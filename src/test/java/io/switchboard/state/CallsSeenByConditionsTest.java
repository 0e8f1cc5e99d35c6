package io.switchboard.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.rule.EvaluationContext;

/** However many calls the window holds, conditions see the most recent ones their budget covers. */
class CallsSeenByConditionsTest {

    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void conditionsSeeTheMostRecentCallsOnlyOldestFirst() {
        int held = EvaluationContext.MAX_CALLS + 1_000;
        Map<String, Item> calls = new HashMap<>();
        for (int i = 0; i < held; i++) {
            String created = T0.plusSeconds(i).toString();
            calls.put("c" + i, new Item("c" + i, "{\"id\":\"c" + i + "\",\"created_at\":\"" + created + "\"}", T0, 1, 1));
        }
        KnownState.Mirror mirror = KnownState.Mirror.of(Map.of(KnownState.CALL, ItemMap.EMPTY.with(calls)), 1);
        List<Object> seen = mirror.evaluation().calls();
        assertEquals(EvaluationContext.MAX_CALLS, seen.size());
        assertEquals("c1000", ((Map<?, ?>) seen.get(0)).get("id"), "the oldest thousand are left out");
        assertEquals("c" + (held - 1), ((Map<?, ?>) seen.get(seen.size() - 1)).get("id"));
    }
}
