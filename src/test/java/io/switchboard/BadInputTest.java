package io.switchboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.intake.WebhookSignature;
import io.switchboard.rule.Rule;
import jakarta.inject.Inject;

/**
 * Seeded fuzzing of the two doors that take user input: the rules API and the webhook intake.
 * Whatever comes in, the answer is a 4xx with a problem body (or a success for valid input),
 * never a 500, never a hang, and nothing invalid is stored. The seed makes failures replayable.
 */
@QuarkusTest
class BadInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long SEED = 20261125L;
    static final String VALID = """
            {"name": "Fuzzed", "trigger": {"type": "agent.status_changed"},
             "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
             "for": "PT2M", "cooldown": "PT5M",
             "actions": [{"type": "button.set_active", "button": "{{ event.button }}", "active": false},
                         {"type": "webhook.post", "url": "https://hooks.example.com/x", "body": {"a": [1, "{{ now }}"]}}]}""";

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/hooks/")
    URI hooks;

    @BeforeEach
    void clean() {
        fixtures.clean();
    }

    @Test
    void mutatedRulesGetA4xxOrAreStoredWholeNeverA500() throws Exception {
        Random random = new Random(SEED);
        int created = 0;
        for (int i = 0; i < 400; i++) {
            ObjectNode rule = (ObjectNode) JSON.readTree(VALID);
            rule.put("name", "Fuzzed " + i);
            for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
                mutate(rule, random);
            }
            String body = rule.toString();
            var response = given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body(body)
                    .post("/api/rules").then().extract();
            int status = response.statusCode();
            assertTrue(status == 201 || (status >= 400 && status < 500), "iteration " + i + " → " + status + " for " + body);
            if (status == 201) {
                created++;
            } else {
                assertTrue(response.contentType().startsWith("application/problem+json"), body);
            }
        }
        long stored = QuarkusTransaction.requiringNew().call(() -> Rule.count());
        assertEquals(created, stored, "exactly the accepted rules are stored");
        assertTrue(created > 0 && created < 400, "the fuzzer reached both sides: " + created + " accepted");
    }

    @Test
    void garbageBodiesAre4xx() {
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE });
        bodies.add("{\"name\": \"\uD800\"}".getBytes(StandardCharsets.UTF_8));
        bodies.add(("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
        bodies.add("".getBytes(StandardCharsets.UTF_8));
        bodies.add("null".getBytes(StandardCharsets.UTF_8));
        bodies.add("\"just a string\"".getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"name\": \"" + "x".repeat(700_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        Random random = new Random(SEED);
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            bodies.add(noise);
        }
        for (byte[] body : bodies) {
            int status = SandboxControl.statusOfOversized(() -> given().auth().oauth2("test-admin-key")
                    .contentType(ContentType.JSON).body(body).post("/api/rules").statusCode());
            assertTrue(status >= 400 && status < 500, "status " + status + " for a body of " + body.length + " bytes");
        }
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> Rule.count()));
    }

    @Test
    void expensiveConditionsCompileButStopAtTheirBudget() {
        StringBuilder calls = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            calls.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"status\": \"missed\"}");
        }
        calls.append("]");
        String request = """
                {"rule": {"name": "Greedy", "trigger": {"type": "call.created"},
                          "condition": "calls.all(a, calls.all(b, calls.all(c, a.id + b.id + c.id >= 0)))",
                          "actions": [{"type": "agent.set_status", "agent": "alice@example.com", "status": "away"}]},
                 "event": {}, "state": {"calls": %s}}""".formatted(calls);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> given().auth().oauth2("test-admin-key")
                .contentType(ContentType.JSON).body(request).post("/api/rules/test").then().statusCode(200)
                .body("outcome", equalTo("evaluation_error")).body("condition.error", containsString("budget")));
        String deep = "(".repeat(200) + "true" + ")".repeat(200);
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON)
                .body("{\"name\": \"Deep\", \"trigger\": {\"type\": \"call.created\"}, \"condition\": \"" + deep + "\","
                        + " \"actions\": [{\"type\": \"agent.set_status\", \"agent\": \"a@b.c\", \"status\": \"x\"}]}")
                .post("/api/rules").then().statusCode(400).body("errors[0].field", equalTo("condition"));
    }

    @Test
    void everyListAnswersAPageOrSizeOutOfRangeWithAProblemNamingTheParameter() {
        for (String list : List.of("/api/rules", "/api/events", "/api/executions")) {
            given().auth().oauth2("test-admin-key").get(list + "?size=501").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("size")).body("errors[0].reason", equalTo("must be between 1 and 500"));
            given().auth().oauth2("test-admin-key").get(list + "?size=0").then().statusCode(400)
                    .body("errors[0].field", equalTo("size"));
            given().auth().oauth2("test-admin-key").get(list + "?page=-1").then().statusCode(400)
                    .body("errors[0].field", equalTo("page")).body("detail", equalTo("page must be greater than or equal to 0"));
            given().auth().oauth2("test-admin-key").get(list + "?page=4294968&size=500").then().statusCode(400)
                    .body("errors[0].field", equalTo("page")); // its row offset overflowed an int: a 500
            given().auth().oauth2("test-admin-key").get(list + "?page=0&size=500").then().statusCode(200)
                    .body("size", equalTo(500));
        }
        // The ranges are also in the published contract, where a client generator reads them.
        given().auth().oauth2("test-admin-key").accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200)
                .body("paths.'/api/events'.get.parameters.find { it.name == 'size' }.schema.maximum", equalTo(500))
                .body("paths.'/api/events'.get.parameters.find { it.name == 'size' }.schema.minimum", equalTo(1))
                .body("paths.'/api/rules'.get.parameters.find { it.name == 'page' }.schema.minimum", equalTo(0));
    }

    @Test
    void webhookIntakeTakesAnySignedJsonAndRefusesTheRest() {
        Random random = new Random(SEED);
        for (int i = 0; i < 100; i++) {
            JsonNode value = randomValue(random, 0);
            byte[] body = value.toString().getBytes(StandardCharsets.UTF_8);
            given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", body)).body(body)
                    .post("/hooks/partner").then().statusCode(202);
        }
        byte[] garbage = { (byte) 0xFF, '{', (byte) 0x80 };
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", garbage)).body(garbage)
                .post("/hooks/partner").then().statusCode(400);
        given().header(WebhookSignature.HEADER, "sha256=zz").body("{}").post("/hooks/partner").then().statusCode(401);
        assertEquals(413, SandboxControl.statusOfOversized(() -> given().header(WebhookSignature.HEADER, "sha256=zz")
                .body("x".repeat(600_000)).post("/hooks/partner").statusCode()));
        given().body("{}").post("/hooks/..%2F..%2Fapi").then().statusCode(org.hamcrest.Matchers.oneOf(401, 404));
    }

    @Test
    void aWebhookBodyIsReadAsItsSignedBytesWhateverItsTypeAndAChunkedOnePastTheLimitIsRefused() throws Exception {
        byte[] json = "{\"status\":\"offline\"}".getBytes(StandardCharsets.UTF_8);
        given().header(WebhookSignature.HEADER, WebhookSignature.sign("test-partner-secret", json))
                .contentType(ContentType.URLENC).body(new String(json, StandardCharsets.UTF_8)).post("/hooks/partner")
                .then().statusCode(202).body("duplicate", equalTo(false));

        // No Content-Length (a stream of unknown length goes chunked): only the bytes read can tell.
        byte[] huge = new byte[600_000];
        // HTTP/1.1 as webhook senders speak it (no h2c upgrade racing the connection's close after the 413).
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(hooks.resolve("partner"))
                .header(WebhookSignature.HEADER, "sha256=zz")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("content-type").orElse(""));
        assertTrue(answer.body().contains("at most 524288"), answer.body());
    }

    private static void mutate(ObjectNode rule, Random random) {
        List<ObjectNode> containers = new ArrayList<>();
        collect(rule, containers);
        ObjectNode target = containers.get(random.nextInt(containers.size()));
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        if (fields.isEmpty()) {
            target.set("x", randomValue(random, 0));
            return;
        }
        String field = fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(6)) {
            case 0 -> target.remove(field);
            case 1 -> target.set(field, randomValue(random, 0));
            case 2 -> target.set(field + random.nextInt(9), target.remove(field));
            case 3 -> target.put(field, target.path(field).asText() + garbage(random));
            case 4 -> target.put(field, "{{ " + garbage(random) + " }}");
            default -> target.put("condition", List.of("calls.map(c, calls.map(d, c)).size() > 0",
                    "'a' + 'b' == 1", "event.x.y.z[0]['k'] == null", "size(agents) / 0 == 1", "", " ",
                    "now > timestamp('garbage')").get(random.nextInt(7)));
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node.isObject()) {
            out.add((ObjectNode) node);
        }
        node.forEach(child -> collect(child, out));
    }

    private static String garbage(Random random) {
        String alphabet = "(){}[]'\"\\.,;:!?&|=<>+-*/%$#@ \n\tazAZ09é☃";
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = random.nextInt(12); i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (depth > 4 ? random.nextInt(5) : random.nextInt(8)) {
            case 0 -> JSON.getNodeFactory().nullNode();
            case 1 -> JSON.getNodeFactory().numberNode(random.nextLong());
            case 2 -> JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 3 -> JSON.getNodeFactory().numberNode(random.nextDouble() * 1e12);
            case 4 -> JSON.getNodeFactory().textNode(garbage(random));
            case 5 -> JSON.getNodeFactory().textNode("x".repeat(random.nextInt(5_000)));
            case 6 -> {
                ArrayNode array = JSON.createArrayNode();
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = JSON.createObjectNode();
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    object.set(garbage(random), randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }
}
