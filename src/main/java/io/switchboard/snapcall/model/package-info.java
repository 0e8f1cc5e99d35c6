/**
 * SnapCall v2 models. The reference documents requests, not responses, so every response
 * record keeps what it does not know in {@code extra} (sent back on write, less the fields
 * SnapCall owns: {@link io.switchboard.snapcall.model.SnapCallOwned}), ids are strings (Jackson
 * coerces SnapCall's numeric ids), free-form values (a schedule, a button's {@code config}, the
 * "alternatives" {@code call_id}/{@code caller_id}) keep their JSON types, and null fields are
 * left out of requests. What the client assumes where the reference is silent is listed once,
 * in {@link io.switchboard.snapcall}'s package notes.
 */
package io.switchboard.snapcall.model;
