package io.switchboard.snapcall.model;

import java.util.List;

/** SnapCall's list envelope: {@code {"data": [...], "page": n, "limit": n, "total": n}}, pages from 1. */
public record SnapCallPage<T>(List<T> data, Integer page, Integer limit, Long total) {

    public List<T> data() {
        return data == null ? List.of() : data;
    }

    /** True when a further page may hold more; without a total, a full page means "maybe". */
    public boolean hasMore() {
        int size = data().size();
        if (total != null && page != null && limit != null) {
            return (long) page * limit < total;
        }
        return limit != null && size >= limit;
    }
}
