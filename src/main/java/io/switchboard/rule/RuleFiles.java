package io.switchboard.rule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.Detached;
import io.switchboard.web.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Rules as code: at startup every {@code *.yaml}, {@code *.yml} and {@code *.json} file of
 * {@code switchboard.rules.dir} is read — one rule, a list, or {@code {"rules": [...]}} — and
 * its rules upserted by name. A file is all or nothing: one invalid rule and the whole file is
 * reported and skipped, so a file is never half-applied. Each rule is compiled once: the
 * definition checked is the one stored.
 *
 * <p>The rules directory is applied before the service is ready: traffic never meets a partial
 * set of the user's rules. The example rules are demo data for the sandbox and are stored just
 * after, on a managed thread, when the database still holds no rule: setting up CEL and storing
 * them took a fifth of a first start's time to ready, and the pollers' first round (3 s after
 * start) is the first thing they act on.
 */
@ApplicationScoped
public class RuleFiles {

    private static final Logger LOG = Logger.getLogger(RuleFiles.class);
    private static final ObjectMapper YAML = new YAMLMapper();
    static final String EXAMPLES = "/examples/rules.yaml";

    @Inject
    RulesConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    RuleCompiler compiler;

    @Inject
    RuleService rules;

    /** What loading one file did. */
    public record Outcome(Path file, int applied, List<String> problems) {
    }

    @ConfigProperty(name = "snapcall.api-key")
    Optional<String> snapCallKey;

    @Inject
    ManagedExecutor executor;

    void onStart(@Observes StartupEvent start) {
        config.dir().ifPresent(this::load);
        if (config.examples().orElse(snapCallKey.isEmpty())) {
            Detached.execute(executor, this::installExamples);
        }
    }

    /** The example rules, when no rule is stored yet (a first start without rule files). */
    void installExamples() {
        try {
            if (QuarkusTransaction.requiringNew().call(() -> Rule.count() == 0)) {
                loadExamples();
            }
        } catch (RuntimeException e) {
            // e.g. another replica stored them at the same moment (unique names): theirs stand
            LOG.warnf("Example rules not installed: %s", e.getMessage());
        }
    }

    /** The example rules shipped for the sandbox demo. */
    public Outcome loadExamples() {
        try (var in = RuleFiles.class.getResourceAsStream(EXAMPLES)) {
            return apply(Path.of("classpath:" + EXAMPLES), in == null ? null : YAML.readTree(in), null);
        } catch (IOException e) {
            return new Outcome(Path.of(EXAMPLES), 0, List.of("unreadable: " + e.getMessage()));
        }
    }

    public List<Outcome> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.errorf("switchboard.rules.dir %s is not a directory: no rule files loaded", dir);
            return List.of();
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(RuleFiles::isRuleFile).sorted().forEach(file -> outcomes.add(loadFile(file)));
        } catch (IOException e) {
            LOG.errorf("cannot list %s: %s", dir, e.getMessage());
        }
        return outcomes;
    }

    Outcome loadFile(Path file) {
        try {
            JsonNode root = (file.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? json : YAML).readTree(file.toFile());
            return apply(file, root, null);
        } catch (IOException e) {
            return apply(file, null, "unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private Outcome apply(Path file, JsonNode root, String unreadable) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> found = new ArrayList<>();
        List<RuleDefinition> checked = new ArrayList<>();
        JsonNode list = root != null && root.isObject() && root.has("rules") ? root.get("rules") : root;
        if (unreadable != null) {
            problems.add(unreadable);
        } else if (list == null || list.isNull() || list.isMissingNode()) {
            problems.add("the file is empty");
        } else if (list.isArray()) {
            list.forEach(found::add);
        } else {
            found.add(list);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < found.size(); i++) {
            try {
                RuleDefinition definition = compiler.compile(found.get(i)).definition();
                checked.add(definition);
                String name = definition.name();
                if (!names.add(name)) {
                    problems.add("rule " + i + ": the name '" + name + "' appears twice in the file");
                }
            } catch (RuleInvalidException e) {
                for (FieldError error : e.errors()) {
                    problems.add("rule " + i + " (" + found.get(i).path("name").asText("unnamed") + "): "
                            + error.field() + " " + error.reason());
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> LOG.errorf("Rule file %s skipped: %s", file, p));
            return new Outcome(file, 0, problems);
        }
        QuarkusTransaction.requiringNew().run(() -> checked.forEach(rules::upsert));
        LOG.infof("Rule file %s: %d rule(s) applied", file, found.size());
        return new Outcome(file, found.size(), List.of());
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }
}
