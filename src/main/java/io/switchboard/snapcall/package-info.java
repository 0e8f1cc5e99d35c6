/**
 * The SnapCall REST API v2 client: {@link io.switchboard.snapcall.SnapCallApi} (the 26
 * endpoints, each with the key it takes), {@link io.switchboard.snapcall.SnapCallClient} (what
 * the rest of Switchboard calls, behind one circuit breaker), {@link io.switchboard.snapcall.SnapCallErrors}
 * (the one place errors are typed), {@link io.switchboard.snapcall.SnapCallReader} (reading
 * answers whose shape the reference does not give).
 *
 * <h2>Assumptions about SnapCall</h2>
 * The reference ({@code snapcall-api-v2.md}) documents requests, not responses. Where it is
 * silent the client assumes the following — this table is the list; the README repeats it
 * ("Pointing it at the real SnapCall"). Each row names the code that holds the assumption, so
 * a SnapCall that behaves otherwise is fixed in one place.
 * <h3>Writing, errors, keys</h3>
 * <table>
 * <caption>What the client assumes where the reference is silent: writes</caption>
 * <tr><th>Topic</th><th>The reference</th><th>Assumed</th><th>Where</th></tr>
 * <tr><td>Batch update items</td><td>{@code PUT /v2/buttons/batch} takes {@code buttons}, an array</td>
 * <td>each item is {@code {"bid": "...", "active": true|false}}: the button's bid plus the fields of
 * the single update</td><td>{@code ActionSender.sendBatch}</td></tr>
 * <tr><td>Batch refused</td><td>—</td><td>a 4xx other than 401, 408 and 429 means no batch for us
 * (missing endpoint, other item shape, one unknown button): each button is sent alone, and no batch
 * is tried again until the instance restarts; a 5xx or a timeout is retried, not a refusal</td>
 * <td>{@code ActionSender}</td></tr>
 * <tr><td>Batch answer</td><td>—</td><td>a 2xx without a {@code data} array (no body, {@code {}})
 * confirms every button; with {@code data}, a button is confirmed when an item names it (object with
 * its {@code bid}, or the bid alone) and does not say another {@code active}; the others are sent
 * again one by one (idempotent)</td><td>{@code BatchAnswer}</td></tr>
 * <tr><td>Write answers</td><td>—</td><td>the object as stored, possibly partial: merged over what
 * was sent into the known state; a 2xx alone is success</td><td>{@code ActionSender.merged}</td></tr>
 * <tr><td>Error bodies</td><td>—</td><td>JSON; its text is {@code message} (a string or an array of
 * strings, joined), else {@code error} (a string or an object with {@code message}), else a body
 * that is not JSON, else the status line — seen:
 * {@code {"statusCode":400,"error":"Bad Request","message":"\"active\" must be a boolean"}}</td>
 * <td>{@link io.switchboard.snapcall.SnapCallErrors}</td></tr>
 * <tr><td>Error statuses</td><td>—</td><td>401/403: the key; 404: unknown id; 408, 5xx: transient;
 * 429 with {@code Retry-After} (seconds or an HTTP date); other 4xx: the request refused, not retried</td>
 * <td>{@link io.switchboard.snapcall.SnapCallErrors}</td></tr>
 * <tr><td>Partner endpoints' key</td><td>{@code activate-account}: the partner account's key;
 * {@code agent-button}: the user's; {@code calls/{id}}, {@code calls}, {@code stats}: not said</td>
 * <td>those three take the partner key when {@code snapcall.partner-api-key} is set, else the
 * user's</td><td>{@link io.switchboard.snapcall.Credential}, {@link io.switchboard.snapcall.SnapCallApi}</td></tr>
 * <tr><td>Public endpoints</td><td>{@code GET /v2/buttons/{bid}/info}, {@code POST /v2/users/{id}/button}:
 * samples without a key</td><td>sent with no {@code Authorization} header at all</td>
 * <td>{@link io.switchboard.snapcall.SnapCallApi}</td></tr>
 * <tr><td>Fields SnapCall owns</td><td>Update payloads list what may be sent</td><td>{@code id},
 * {@code bid}, {@code created_at}, {@code updated_at} are SnapCall's, and a button's {@code agent}
 * (not in the Update payload) is fixed at creation: an update never sends them back</td>
 * <td>{@link io.switchboard.snapcall.model.SnapCallOwned}</td></tr>
 * <tr><td>Schedule ranges</td><td>{@code schedule}: an array</td><td>{@code {day, open, close}},
 * {@code day} a name or 0–6 (0 = Sunday), times {@code HH:mm} — but sent exactly as the rule wrote
 * it, so another shape goes through untouched</td><td>{@link io.switchboard.snapcall.model.ScheduleTemplate},
 * the sandbox</td></tr>
 * <tr><td>Free-form fields</td><td>{@code config}: object; {@code call_id}, {@code caller_id}:
 * "alternatives"</td><td>sent with the JSON types they came with (numbers stay numbers, unknown
 * keys stay)</td><td>{@code ActionPlanner}, {@link io.switchboard.snapcall.model.Button}</td></tr>
 * </table>
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
