package io.switchboard.snapcall;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where SnapCall is and how to talk to it. Without a URL or key, the embedded sandbox is used. */
@ConfigMapping(prefix = "snapcall")
public interface SnapCallConfig {

    /** Base URL (without {@code /v2}); default: the real SnapCall when a key is set, else the embedded sandbox. */
    Optional<URI> url();

    /** The account's API key; never logged. */
    Optional<String> apiKey();

    /**
     * The partner account's API key, for {@code POST /v2/partner/activate-account} and the other
     * {@code /v2/partner/*} calls but {@code agent-button} (which takes the account's key); never
     * logged. Unset: those calls carry the account's key.
     */
    Optional<String> partnerApiKey();

    /** How the key is sent: {@code bearer} (Authorization: Bearer key) or {@code basic} (key as user name). */
    @WithDefault("bearer")
    AuthScheme auth();

    /** Longest wait for one answer. */
    @WithDefault("10s")
    Duration timeout();

    @WithDefault("5s")
    Duration connectTimeout();

    enum AuthScheme {
        BEARER,
        BASIC
    }
}
