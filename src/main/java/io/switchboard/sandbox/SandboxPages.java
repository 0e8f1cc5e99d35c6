package io.switchboard.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** SnapCall's list envelope {@code {"data", "page", "limit", "total"}}, pages counted from 1. */
final class SandboxPages {

    private SandboxPages() {
    }

    static ObjectNode of(List<ObjectNode> items, String page, String limit) {
        return of(items, Query.page(page), Query.limit(limit));
    }

    static ObjectNode of(List<ObjectNode> items, int page, int limit) {
        ObjectNode envelope = SandboxState.NODES.objectNode();
        ArrayNode data = envelope.putArray("data");
        long from = (long) (page - 1) * limit;
        items.stream().skip(from).limit(limit).forEach(data::add);
        envelope.put("page", page);
        envelope.put("limit", limit);
        envelope.put("total", items.size());
        return envelope;
    }

    /** {@code exporting=true}: everything that matched, in one answer. */
    static ObjectNode export(List<ObjectNode> items) {
        return of(items, 1, Math.max(1, items.size()));
    }
}
