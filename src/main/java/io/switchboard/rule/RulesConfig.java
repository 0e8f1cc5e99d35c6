package io.switchboard.rule;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "switchboard.rules")
public interface RulesConfig {

    /** A directory of YAML or JSON rule files, upserted by name at startup. */
    Optional<Path> dir();

    /** Install the example rules just after the start, into a database holding no rule once the files are applied; unset: when no SnapCall key is set (sandbox demo). */
    Optional<Boolean> examples();
}
