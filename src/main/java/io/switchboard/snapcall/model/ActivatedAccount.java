package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** Answer of an account activation. */
public record ActivatedAccount(Boolean activated, User user,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
