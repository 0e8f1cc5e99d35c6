package io.switchboard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Rules as code: YAML and JSON files upserted by name; a file with one bad rule is skipped whole. */
@QuarkusTest
class RuleFilesTest {

    @Inject
    RuleFiles files;

    @TempDir
    Path dir;

    @BeforeEach
    @Transactional
    void noRules() {
        Rule.deleteAll();
    }

    @Test
    void yamlAndJsonFilesAreUpsertedByName() throws Exception {
        Files.writeString(dir.resolve("10-buttons.yaml"), """
                rules:
                  - name: Close support at night
                    trigger: {type: schedule, cron: "0 20 * * *", timezone: Europe/Paris}
                    actions:
                      - {type: button.set_active, button: 0846f80abb1c11e7b62e, active: false}
                  - name: Open support in the morning
                    trigger: {type: schedule, cron: "0 8 * * 1-5", timezone: Europe/Paris}
                    actions:
                      - {type: button.set_active, button: 0846f80abb1c11e7b62e, active: true}
                """);
        Files.writeString(dir.resolve("20-agent.json"), """
                {"name": "Alice offline", "trigger": {"type": "agent.status_changed"},
                 "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""");
        Files.writeString(dir.resolve("notes.txt"), "not a rule file");

        var outcomes = files.load(dir);
        assertEquals(List.of(2, 1), outcomes.stream().map(RuleFiles.Outcome::applied).toList());
        assertEquals(3, Rule.count());

        Files.writeString(dir.resolve("20-agent.json"), Files.readString(dir.resolve("20-agent.json"))
                .replace("'offline'", "'away'"));
        files.load(dir);
        assertEquals(3, Rule.count(), "same names: updated, not duplicated");
        Rule alice = Rule.find("name", "Alice offline").firstResult();
        assertTrue(alice.definition.contains("'away'"));
    }

    @Test
    void aFileWithOneInvalidRuleIsSkippedWhole() throws Exception {
        Files.writeString(dir.resolve("mixed.yaml"), """
                - name: Fine rule
                  trigger: {type: call.created}
                  actions: [{type: agent.set_status, agent: alice@example.com, status: busy}]
                - name: Broken rule
                  trigger: {type: call.created}
                  condition: "event.agent =="
                  actions: [{type: agent.set_status, agent: alice@example.com, status: busy}]
                """);
        Files.writeString(dir.resolve("garbage.json"), "{ nope");

        var outcomes = files.load(dir);
        assertEquals(0, Rule.count(), "nothing from a bad file is applied");
        assertEquals(2, outcomes.size());
        assertTrue(outcomes.get(0).problems().get(0).contains("unreadable"), outcomes.get(0).problems().toString());
        assertTrue(outcomes.get(1).problems().stream().anyMatch(p -> p.contains("Broken rule") && p.contains("condition")),
                outcomes.get(1).problems().toString());
    }

    @Test
    void examplesAreInstalledOnlyIntoADatabaseWithoutRules() throws Exception {
        Files.writeString(dir.resolve("mine.yaml"), """
                name: My own rule
                trigger: {type: call.created}
                actions: [{type: agent.set_status, agent: alice@example.com, status: busy}]
                """);
        files.load(dir);
        files.installExamples();
        assertEquals(1, Rule.count(), "rules of the user's own: no examples beside them");

        noRules();
        files.installExamples();
        files.installExamples();
        assertEquals(4, Rule.count(), "an empty database gets the examples, once");
    }

    @Test
    void shippedExampleRulesAreAllValid() {
        var outcome = files.loadExamples();
        assertEquals(List.of(), outcome.problems());
        assertEquals(4, outcome.applied());
        assertEquals(4, Rule.count());
    }
}
