package io.switchboard.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.switchboard.snapcall.SnapCallException;
import io.switchboard.snapcall.model.SnapCallPage;

/** Reading a list from a server that may not page the way it says: bounded, and never silent. */
class PagesTest {

    /** Ids {@code from} to {@code from + n - 1}, as a page's items. */
    static List<String> ids(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> "item-" + i).toList();
    }

    static SnapCallPage<String> page(List<String> items, Integer page, Integer limit, Long total) {
        return new SnapCallPage<>(items, items.size(), page, limit, total, List.of());
    }

    @Test
    void aListThatPagesProperlyIsReadWholeWithItsProblems() {
        List<Integer> asked = new ArrayList<>();
        var listing = Pages.all("test", new PageSize(10), 100, (page, limit) -> {
            asked.add(page);
            List<String> items = ids((page - 1) * 10, page < 3 ? 10 : 5);
            return new SnapCallPage<>(items, items.size(), page, limit, 25L, List.of("problem on page " + page));
        });
        assertEquals(List.of(1, 2, 3), asked);
        assertEquals(25, listing.items().size());
        assertEquals(List.of("problem on page 1", "problem on page 2", "problem on page 3"), listing.problems());
    }

    @Test
    void aServerIgnoringPageWithoutSayingSoStopsAtTheRepeat() {
        List<Integer> asked = new ArrayList<>();
        var e = assertThrows(UntrustedListing.class, () -> Pages.all("GET /v2/buttons", new PageSize(10), 100,
                (page, limit) -> {
                    asked.add(page);
                    return page(ids(0, 10), null, null, 1_000_000L);
                }));
        assertEquals(List.of(1, 2), asked, "two requests, not a million");
        assertTrue(e.getMessage().contains("page 2 repeats page 1"), e.getMessage());
    }

    @Test
    void anEchoOfAnotherPageEndsTheRead() {
        List<Integer> asked = new ArrayList<>();
        var e = assertThrows(UntrustedListing.class, () -> Pages.all("GET /v2/calls", new PageSize(10), 100,
                (page, limit) -> {
                    asked.add(page);
                    return page(ids(page * 100, 10), 1, 10, 1_000_000L);
                }));
        assertEquals(List.of(1, 2), asked);
        assertTrue(e.getMessage().contains("asked for page 2, SnapCall answered page 1"), e.getMessage());
    }

    @Test
    void aTotalThatKeepsGrowingStopsAtThePageCapWithBoundedMemory() {
        List<Integer> asked = new ArrayList<>();
        var e = assertThrows(UntrustedListing.class, () -> Pages.all("GET /v2/calls", new PageSize(10), 7,
                (page, limit) -> {
                    asked.add(page);
                    return page(ids(page * 10, 10), page, 10, page * 10L + 10);
                }));
        assertEquals(7, asked.size(), "no request past the cap");
        assertTrue(e.getMessage().contains("still more after 7 pages (70 items, total said 80)"), e.getMessage());
    }

    @Test
    void aServerWithoutPagingThatSentEverythingAtOnceIsRead() {
        var listing = Pages.all("GET /v2/buttons", new PageSize(10), 100, (page, limit) -> page(ids(0, 25), null, null, null));
        assertEquals(25, listing.items().size(), "25 items for a limit of 10, repeated: the server does not page");
    }

    @Test
    void aPageWhoseItemsWereAllUnreadableDoesNotEndTheList() {
        List<Integer> asked = new ArrayList<>();
        var listing = Pages.all("test", new PageSize(10), 100, (page, limit) -> {
            asked.add(page);
            return page == 1 ? new SnapCallPage<>(List.<String> of(), 10, 1, 10, 15L, List.of("10 skipped"))
                    : page(ids(10, 5), 2, 10, 15L);
        });
        assertEquals(List.of(1, 2), asked);
        assertEquals(5, listing.items().size());
    }

    @Test
    void aRefusalNamingTheLimitHalvesThePageSizeForTheNextRead() {
        PageSize size = new PageSize(100);
        List<Integer> limits = new ArrayList<>();
        Pages.Reader<String> strict = (page, limit) -> {
            limits.add(limit);
            if (limit > 30) {
                throw new SnapCallException.Rejected(400, "SnapCall answered 400: \"limit\" must be less than or equal to 30");
            }
            return page(ids(0, 3), page, limit, 3L);
        };
        assertThrows(SnapCallException.Rejected.class, () -> Pages.all("test", size, 100, strict));
        assertEquals(50, size.current());
        assertThrows(SnapCallException.Rejected.class, () -> Pages.all("test", size, 100, strict));
        assertEquals(3, Pages.all("test", size, 100, strict).items().size());
        assertEquals(List.of(100, 50, 25), limits);
    }

    @Test
    void otherRefusalsLeaveThePageSizeAlone() {
        PageSize size = new PageSize(100);
        assertThrows(SnapCallException.Rejected.class, () -> Pages.all("test", size, 100, (page, limit) -> {
            throw new SnapCallException.Rejected(400, "SnapCall answered 400: \"active\" must be a boolean");
        }));
        assertEquals(100, size.current());
    }
}
