package io.switchboard.auth;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** API keys per role. */
@ConfigMapping(prefix = "switchboard.auth")
public interface AuthConfig {

    /** Keys that may read and write. */
    Optional<List<String>> adminKeys();

    /** Keys that may only read (and dry-run). */
    Optional<List<String>> viewerKeys();

    /** Where a generated admin key is written when no key is configured (readable by its owner only). */
    @WithDefault("data/admin-key")
    Path generatedKeyFile();
}
