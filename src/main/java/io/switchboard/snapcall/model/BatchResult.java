package io.switchboard.snapcall.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/** Answer of a batch create or update: the buttons as stored. */
public record BatchResult(List<Button> data, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
}
