package io.switchboard.snapcall;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which key a SnapCall endpoint is called with. The reference asks for the partner account's
 * key on {@code POST /v2/partner/activate-account}, the user's key on
 * {@code POST /v2/partner/agent-button}, and shows its two public endpoints without any key;
 * the other partner endpoints leave it open (we use the partner key there when one is set).
 * Declared on {@link SnapCallApi}'s methods with {@link Use}; {@link SnapCallAuthentication}
 * reads it for each request, so an endpoint's key is written next to the endpoint.
 */
public enum Credential {

    /** The account's own key ({@code snapcall.api-key}): the default. */
    ACCOUNT,

    /**
     * The partner account's key ({@code snapcall.partner-api-key}); when none is set, the
     * account's own key (which works when this account is the partner account).
     */
    PARTNER,

    /** No {@code Authorization} header at all: the public endpoints a visitor's page calls. */
    NONE;

    /** The key an endpoint takes; an endpoint without it takes {@link #ACCOUNT}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Use {
        Credential value();
    }
}
