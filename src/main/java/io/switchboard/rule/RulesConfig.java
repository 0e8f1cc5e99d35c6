package io.switchboard.rule;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "switchboard.rules")
public interface RulesConfig {

    /** A directory of YAML or JSON rule files, upserted by name at startup. */
    Optional<Path> dir();
}
