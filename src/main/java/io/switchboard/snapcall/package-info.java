/**
 * The SnapCall REST API v2 client: {@link io.switchboard.snapcall.SnapCallClient} (typed
 * failures, one circuit breaker), {@link io.switchboard.snapcall.SnapCallApi} (the endpoints),
 * {@link io.switchboard.snapcall.SnapCallReader} (reading answers whose shape the reference does
 * not give).
 *
 * <h2>Assumptions</h2>
 * The reference ({@code ../shared/snapcall-api-v2.md}) documents requests, not responses. Where
 * it is silent, this is what the client assumes, and what it does when SnapCall does otherwise.
 *
 * <h3>Reading (lists, pollers)</h3>
 * <table>
 * <caption>Read-side assumptions</caption>
 * <tr><th>Subject</th><th>Assumed</th><th>Also read / when it is not so</th></tr>
 * <tr><td>List envelope</td><td>{@code {"data": [...], "page", "limit", "total"}}, pages from 1</td>
 * <td>a bare array, or an object with exactly one array-valued key; paging numbers may be strings.
 * No list found (e.g. {@code {}}, {@code {"error": ...}} with 200, two arrays) is an error recorded on
 * the poller — never an empty page, which would read as "nothing there" and forget known buttons.</td></tr>
 * <tr><td>Paging</td><td>{@code page} and {@code limit} are honoured; {@code total} counts every item</td>
 * <td>without a total, a page as long as the limit asked means "maybe more". An answer echoing another
 * page, or repeating the previous page, stops the read with an error (a first page longer than the
 * limit, repeated, is taken as an unpaged list: everything at once). At most
 * {@code switchboard.poll.max-pages} pages per poll.</td></tr>
 * <tr><td>Page size</td><td>none documented; the pollers ask {@code switchboard.poll.<poller>.limit}
 * (100)</td><td>a 4xx whose message names the limit halves it for the next poll (until restart). The
 * sandbox's cap of 100 is the sandbox's, not SnapCall's.</td></tr>
 * <tr><td>Item ids</td><td>buttons {@code bid}, calls {@code id} (string or number), agents
 * {@code email}</td><td>an item without its id is skipped and reported. An agent answer without
 * {@code email} is the agent asked for (the request names it); one naming another agent is skipped.</td></tr>
 * <tr><td>Dates</td><td>ISO-8601 with a zone</td><td>ISO-8601 without a zone and
 * {@code YYYY-MM-DD HH:mm:ss} are UTC; a bare date is midnight UTC; epoch seconds or milliseconds
 * (below 10<sup>11</sup>: seconds), as numbers or strings ({@link io.switchboard.snapcall.model.SnapCallTime}).</td></tr>
 * <tr><td>Numbers and booleans</td><td>JSON numbers and booleans</td><td>the same written as strings
 * ({@code "12.5"}, {@code "true"}) are read.</td></tr>
 * <tr><td>Unreadable field</td><td>—</td><td>that field of that item is read as null and reported; the
 * item and the page stand. Except where a poller cannot use the item without it: a call's
 * {@code created_at}, an agent's {@code status} — then the item is skipped and reported.</td></tr>
 * <tr><td>Single objects</td><td>the object itself</td><td>also wrapped as {@code {"data": {...}}}.</td></tr>
 * <tr><td>Unknown fields</td><td>—</td><td>kept ({@code extra}) and stored with the item.</td></tr>
 * <tr><td>Listing agents</td><td>no endpoint lists agents</td><td>watched agents are read one request
 * each, within {@code switchboard.poll.budget}.</td></tr>
 * <tr><td>Rate limits</td><td>429 with {@code Retry-After} in seconds or an HTTP date</td><td>absent,
 * negative, past or absurd values are clamped between 2 s and {@code switchboard.poll.max-backoff}
 * for the poller that got it; every 429 also halves the pollers' shared rate.</td></tr>
 * <tr><td>Health</td><td>an answer that cannot be read is SnapCall's bug, not its outage</td>
 * <td>it is decoded after the circuit breaker and never counts against it.</td></tr>
 * </table>
 */
package io.switchboard.snapcall;
