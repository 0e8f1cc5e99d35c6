package io.switchboard.snapcall.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /v2/users/{id}/button}: the page a visitor is on and their cart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisplayRequest(String referer, Double cartValue) {
}
