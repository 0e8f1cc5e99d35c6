package io.switchboard.snapcall.model;

import java.util.List;

/**
 * One page of a SnapCall list, however SnapCall wrapped it (see {@code SnapCallReader}): the
 * items that could be read, how many the answer listed (skipped ones included), the paging it
 * reported (null when it reported none — pages count from 1), and {@code problems}: what was
 * skipped or read as null, one line each.
 */
public record SnapCallPage<T>(List<T> data, int listed, Integer page, Integer limit, Long total, List<String> problems) {

    public List<T> data() {
        return data == null ? List.of() : data;
    }

    public List<String> problems() {
        return problems == null ? List.of() : problems;
    }

    /**
     * True when a page after {@code asked} may hold more. With a total, the total says; without
     * one, a page as long as the limit means "maybe". What the answer echoes wins over what was
     * asked ({@code askedLimit} may be null: SnapCall's default, unknown).
     */
    public boolean hasMore(int asked, Integer askedLimit) {
        int number = page != null ? page : asked;
        Integer size = limit != null ? limit : askedLimit;
        if (total != null && size != null) {
            return (long) number * size < total;
        }
        return size != null && listed >= size;
    }
}
