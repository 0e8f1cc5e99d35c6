package io.switchboard.snapcall.model;

import java.util.List;

/** Body of {@code POST/PUT /v2/buttons/batch}; for updates each button carries its {@code bid}. */
public record ButtonBatch(List<Button> buttons) {
}
