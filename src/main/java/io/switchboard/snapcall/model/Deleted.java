package io.switchboard.snapcall.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** Answer of a DELETE. */
public record Deleted(Boolean deleted, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
