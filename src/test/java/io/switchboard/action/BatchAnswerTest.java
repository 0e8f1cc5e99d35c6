package io.switchboard.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Which buttons an answer to the batch PUT confirms, whatever shape it has. */
class BatchAnswerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final Map<String, Boolean> WANTED = new LinkedHashMap<>();

    static {
        WANTED.put("a", false);
        WANTED.put("b", false);
        WANTED.put("c", true);
    }

    @Test
    void anAnswerSayingNothingPerButtonConfirmsTheWholeBatch() throws JsonProcessingException {
        for (JsonNode answer : new JsonNode[] { null, JSON.readTree("{}"), JSON.readTree("{\"updated\": 3}"),
                JSON.readTree("{\"data\": null}"), JSON.readTree("{\"data\": {\"count\": 3}}"), JSON.readTree("[]") }) {
            BatchAnswer read = BatchAnswer.read(answer, WANTED);
            assertEquals(WANTED.keySet(), read.confirmed().keySet(), String.valueOf(answer));
            assertEquals(List.of(), read.unconfirmed());
        }
    }

    @Test
    void aListedAnswerConfirmsOnlyTheButtonsItNamesAsSent() throws JsonProcessingException {
        BatchAnswer read = BatchAnswer.read(JSON.readTree("""
                {"data": [{"bid": "a", "active": false, "name": "A"}, {"bid": "b", "active": true}, "c", {"name": "?"}]}"""),
                WANTED);
        assertEquals(List.of("a", "c"), List.copyOf(read.confirmed().keySet()));
        assertEquals("A", read.confirmed().get("a").path("name").asText(), "what SnapCall said is kept");
        assertEquals(List.of("b"), read.unconfirmed(), "b is said to be on: not what was sent");
    }

    @Test
    void anEmptyListConfirmsNothing() throws JsonProcessingException {
        BatchAnswer read = BatchAnswer.read(JSON.readTree("{\"data\": []}"), WANTED);
        assertEquals(List.of("a", "b", "c"), read.unconfirmed());
    }
}
