package io.switchboard.snapcall.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /v2/partner/activate-account} (partner key); names the account by email or user id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountActivation(String email, Long userId, String timezone, String currency) {
}
