/**
 * SnapCall v2 models. The reference documents requests, not responses, so every response
 * record keeps what it does not know in {@code extra} (round-tripped on write), ids are strings
 * (Jackson coerces SnapCall's numeric ids), and null fields are left out of requests.
 */
package io.switchboard.snapcall.model;
