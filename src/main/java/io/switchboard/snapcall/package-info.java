/**
 * The SnapCall REST API v2 client: {@link io.switchboard.snapcall.SnapCallApi} (the 26
 * endpoints, each with the key it takes), {@link io.switchboard.snapcall.SnapCallClient} (what
 * the rest of Switchboard calls, behind one circuit breaker), {@link io.switchboard.snapcall.SnapCallErrors}
 * (the one place errors are typed).
 *
 * <h2>Assumptions about SnapCall</h2>
 * The reference ({@code snapcall-api-v2.md}) documents requests, not responses. Where it is
 * silent the client assumes the following — this table is the list; the README repeats it
 * ("Pointing it at the real SnapCall"). Each row names the code that holds the assumption, so
 * a SnapCall that behaves otherwise is fixed in one place.
 * <table>
 * <caption>What the client assumes where the reference is silent</caption>
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
 * <tr><td colspan="4">Read-side rows — list envelopes, dates, numbers given as strings, page
 * limits — are added by the read-side work (issue 12, items 3 and 4).</td></tr>
 * </table>
 */
package io.switchboard.snapcall;
