package io.switchboard.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** API keys per role, and the console's sign-in sessions. */
@ConfigMapping(prefix = "switchboard.auth")
public interface AuthConfig {

    /** Keys that may read and write. */
    Optional<List<String>> adminKeys();

    /** Keys that may only read (and dry-run). */
    Optional<List<String>> viewerKeys();

    /** Where a generated admin key is written when no key is configured (readable by its owner only). */
    @WithDefault("data/admin-key")
    Path generatedKeyFile();

    /** How long a console sign-in lasts (then the key is asked for again). */
    @WithDefault("8h")
    Duration sessionLifetime();
}
