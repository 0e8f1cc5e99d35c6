package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** A SnapCall account user ({@code GET /v2/users/me}). */
public record User(String id, String email, String firstname, String lastname, String company, String timezone,
        String currency, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
