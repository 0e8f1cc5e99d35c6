package io.switchboard.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.switchboard.snapcall.SnapCallException;
import io.switchboard.snapcall.model.SnapCallPage;

/**
 * The one way the pollers read a SnapCall list: pages from 1 until the answer says there is no
 * more — within bounds, because a server that ignores {@code page}, echoes another page or keeps
 * reporting a larger total would otherwise be read forever into the heap:
 * <ul>
 * <li>at most {@code maxPages} pages (so at most {@code maxPages × limit} items) per read;</li>
 * <li>an answer that echoes another page than the one asked, or repeats the previous page, ends
 * the read — except a first page longer than the limit asked, repeated: a server that ignores
 * paging altogether and sent everything at once;</li>
 * <li>a 4xx whose message names the limit halves the poller's page size for the next poll.</li>
 * </ul>
 * Each way of failing is an {@link UntrustedListing} (or the SnapCall error): the poll stores
 * nothing of a list it could not read whole.
 */
final class Pages {

    private Pages() {
    }

    /** Reads one page: {@code page} from 1, {@code limit} the size asked. */
    @FunctionalInterface
    interface Reader<T> {
        SnapCallPage<T> read(int page, int limit);
    }

    /** Every item of a list, and what could not be read in it (one line each). */
    record Listing<T>(List<T> items, List<String> problems) {
    }

    static <T> Listing<T> all(String what, PageSize size, int maxPages, Reader<T> reader) {
        List<T> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        SnapCallPage<T> previous = null;
        int previousLimit = 0;
        int cap = Math.max(1, maxPages);
        for (int number = 1;; number++) {
            if (number > cap) {
                throw new UntrustedListing(what + ": still more after " + cap + " pages (" + items.size()
                        + " items" + (previous.total() == null ? "" : ", total said " + previous.total())
                        + "); stopped — SnapCall may ignore `page` (switchboard.poll.max-pages)");
            }
            int limit = size.current();
            SnapCallPage<T> answer = read(reader, size, number, limit);
            if (answer.page() != null && answer.page() != number) {
                throw new UntrustedListing(what + ": asked for page " + number + ", SnapCall answered page "
                        + answer.page() + " — it may ignore `page`");
            }
            if (previous != null && answer.listed() > 0 && answer.data().equals(previous.data())) {
                if (number == 2 && previous.limit() == null && previous.listed() > previousLimit) {
                    return new Listing<>(items, problems); // no paging at all: page 1 was everything
                }
                throw new UntrustedListing(what + ": page " + number + " repeats page " + (number - 1)
                        + " — SnapCall ignores `page`");
            }
            items.addAll(answer.data());
            problems.addAll(answer.problems());
            if (answer.listed() == 0 || !answer.hasMore(number, limit)) {
                return new Listing<>(items, problems);
            }
            previous = answer;
            previousLimit = limit;
        }
    }

    private static <T> SnapCallPage<T> read(Reader<T> reader, PageSize size, int number, int limit) {
        try {
            return reader.read(number, limit);
        } catch (SnapCallException.Rejected refused) {
            if (refused.getMessage() != null && refused.getMessage().toLowerCase(Locale.ROOT).contains("limit")) {
                size.halve(limit);
            }
            throw refused;
        }
    }
}
