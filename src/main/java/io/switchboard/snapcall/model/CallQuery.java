package io.switchboard.snapcall.model;

import java.time.Instant;

/** Filters of {@code GET /v2/calls}; null means "not filtered". */
public record CallQuery(Integer page, Integer limit, String rate, Instant start, Instant end, String button,
        String status, String agent, String client, String ani, Boolean exporting) {

    public static CallQuery all() {
        return new CallQuery(null, null, null, null, null, null, null, null, null, null, null);
    }

    public CallQuery page(int number, int size) {
        return new CallQuery(number, size, rate, start, end, button, status, agent, client, ani, exporting);
    }

    public CallQuery between(Instant from, Instant to) {
        return new CallQuery(page, limit, rate, from, to, button, status, agent, client, ani, exporting);
    }

    public CallQuery button(String bid) {
        return new CallQuery(page, limit, rate, start, end, bid, status, agent, client, ani, exporting);
    }

    public CallQuery status(String value) {
        return new CallQuery(page, limit, rate, start, end, button, value, agent, client, ani, exporting);
    }

    public CallQuery agent(String email) {
        return new CallQuery(page, limit, rate, start, end, button, status, email, client, ani, exporting);
    }
}
