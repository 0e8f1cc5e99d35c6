package io.switchboard.snapcall;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.snapcall.model.AccountActivation;
import io.switchboard.snapcall.model.AgentButtonRequest;
import io.switchboard.snapcall.model.AgentUpdate;
import io.switchboard.snapcall.model.Button;
import io.switchboard.snapcall.model.ButtonBatch;
import io.switchboard.snapcall.model.Call;
import io.switchboard.snapcall.model.CallQuery;
import io.switchboard.snapcall.model.DisplayRequest;
import io.switchboard.snapcall.model.ScheduleTemplate;
import jakarta.inject.Inject;

/**
 * The real client against the embedded sandbox: every one of the 26 endpoints once when it
 * works and at least once when it does not, each failure arriving as the right typed exception.
 */
@QuarkusTest
class SnapCallClientContractTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final String SALES = "1a2b3c4d5e6f708192a3";
    static final String BILLING = "9f8e7d6c5b4a39281706";
    static final String ALICE = "alice@example.com";
    static final String UNKNOWN_BID = "ffffffffffffffffffff";

    @Inject
    SnapCallClient client;

    @Inject
    ObjectMapper json;

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Inject
    Fixtures fixtures;

    /** Actions another class left pending would reach the sandbox after its reset and fill its request log. */
    @BeforeEach
    void freshSandbox() {
        fixtures.clean();
        SandboxControl.reset();
    }

    @Nested
    class Buttons {

        @Test
        void createButtonReturnsItsNewBid() {
            Button created = client.createButton(Button.named("Returns desk").withAgent("bob@example.com"));
            assertTrue(created.bid().matches("[0-9a-f]{20}"), created.bid());
            assertEquals("Returns desk", client.getButton(created.bid()).name());
        }

        @Test
        void createButtonWithoutNameIsRejectedWithSnapCallsMessage() {
            var e = assertThrows(SnapCallException.Rejected.class, () -> client.createButton(Button.named(null)));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("\"name\" is required"), e.getMessage());
        }

        @Test
        void batchCreateStoresEveryButton() {
            var result = client.createButtons(new ButtonBatch(List.of(Button.named("A"), Button.named("B"))));
            assertEquals(2, result.data().size());
            assertEquals(6, client.listButtons(1, 100, null, null, null).total());
        }

        @Test
        void batchCreateWithOneBadButtonStoresNone() {
            var bad = Button.named("C").withDisplay(null, null);
            var unknownTemplate = new Button(null, "D", null, null, null, 999L, null, null, null, null, null, null, null);
            assertThrows(SnapCallException.Rejected.class,
                    () -> client.createButtons(new ButtonBatch(List.of(bad, unknownTemplate))));
            assertEquals(4, client.listButtons(1, 100, null, null, null).total());
        }

        @Test
        void buttonInfoIsPublicAndHidesTheAgent() {
            var info = client.buttonInfo(SUPPORT);
            assertEquals("Support", info.name());
            assertFalse(info.extra().containsKey("agent"));
            given().get("/sandbox/v2/buttons/" + SUPPORT + "/info").then().statusCode(200)
                    .body("bid", equalTo(SUPPORT));
        }

        @Test
        void buttonInfoOfUnknownButtonIsNotFound() {
            assertThrows(SnapCallException.NotFound.class, () -> client.buttonInfo(UNKNOWN_BID));
        }

        @Test
        void readButtonKeepsFieldsTheModelDoesNotName() {
            Button support = client.getButton(SUPPORT);
            assertEquals(ALICE, support.agent());
            assertEquals(1L, support.scheduleTemplateId());
            assertEquals("2026-01-05T09:00:00Z", support.extra().get("created_at"));
            assertEquals("#1f6feb", support.config().get("color"));
        }

        @Test
        void readUnknownButtonIsNotFound() {
            var e = assertThrows(SnapCallException.NotFound.class, () -> client.getButton(UNKNOWN_BID));
            assertTrue(e.getMessage().contains("button not found"), e.getMessage());
        }

        @Test
        void listButtonsFiltersAndPages() {
            var inactive = client.listButtons(null, null, null, null, false);
            assertEquals(List.of(BILLING), inactive.data().stream().map(Button::bid).toList());
            var secondPage = client.listButtons(2, 3, null, null, null);
            assertEquals(1, secondPage.data().size());
            assertEquals(4L, secondPage.total());
            assertEquals(List.of(SALES), client.listButtons(null, null, "sal", "bob@example.com", true)
                    .data().stream().map(Button::bid).toList());
        }

        @Test
        void listButtonsWithTooLargeALimitIsRejected() {
            assertThrows(SnapCallException.Rejected.class, () -> client.listButtons(1, 1000, null, null, null));
        }

        @Test
        void updateButtonChangesOnlyWhatIsSent() {
            Button updated = client.updateButton(SUPPORT, Button.activeOnly(null, false));
            assertEquals(false, updated.active());
            assertEquals("Support", client.getButton(SUPPORT).name());
            assertEquals(false, client.getButton(SUPPORT).active());
        }

        @Test
        void updateOfUnknownButtonIsNotFound() {
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.updateButton(UNKNOWN_BID, Button.activeOnly(null, true)));
        }

        @Test
        void buttonReadChangedAndSentBackSendsNoFieldSnapCallOwns() {
            Button read = client.getButton(SUPPORT);
            assertEquals(false, client.updateButton(SUPPORT, read.withActive(false)).active());
            JsonNode sent = parse(lastBody("PUT", "^/v2/buttons/" + SUPPORT + "$"));
            for (String owned : List.of("bid", "created_at", "agent")) {
                assertFalse(sent.has(owned), owned + " was sent: " + sent);
            }
            assertEquals("Support", sent.path("name").asText());
            assertEquals("#1f6feb", sent.path("config").path("color").asText());
        }

        @Test
        void batchUpdateChangesSeveralButtonsInOneRequest() {
            var result = client.updateButtons(new ButtonBatch(List.of(Button.activeOnly(SUPPORT, false),
                    Button.activeOnly(BILLING, true))));
            assertEquals(2, result.data().size());
            assertEquals(false, client.getButton(SUPPORT).active());
            assertEquals(true, client.getButton(BILLING).active());
            assertEquals(1, SandboxControl.count("PUT", "^/v2/buttons/batch$"));
        }

        @Test
        void batchUpdateNamingAnUnknownButtonChangesNothing() {
            assertThrows(SnapCallException.NotFound.class, () -> client.updateButtons(
                    new ButtonBatch(List.of(Button.activeOnly(SUPPORT, false), Button.activeOnly(UNKNOWN_BID, false)))));
            assertEquals(true, client.getButton(SUPPORT).active());
        }
    }

    /** The body of the newest request matching, exactly as the sandbox received it. */
    static String lastBody(String method, String path) {
        List<Map<String, Object>> sent = SandboxControl.requests(method, path);
        return (String) sent.get(sent.size() - 1).get("body");
    }

    @Nested
    class Calls {

        @Test
        void readCallAcceptsNumericIds() {
            Call first = client.listCalls(CallQuery.all().page(1, 1)).data().get(0);
            Call read = client.getCall(first.id());
            assertEquals(first.id(), read.id());
            assertTrue(read.id().matches("\\d+"));
            assertNotNull(read.createdAt());
        }

        @Test
        void readUnknownCallIsNotFoundAndNonNumericIdRejected() {
            assertThrows(SnapCallException.NotFound.class, () -> client.getCall("999999"));
            assertThrows(SnapCallException.Rejected.class, () -> client.getCall("abc"));
        }

        @Test
        void listCallsAppliesFiltersAndTimeWindow() {
            var missed = client.listCalls(CallQuery.all().status("missed").page(1, 100));
            assertFalse(missed.data().isEmpty());
            assertTrue(missed.data().stream().allMatch(c -> "missed".equals(c.status())));
            var supportCalls = client.listCalls(CallQuery.all().button(SUPPORT).agent(ALICE).page(1, 100));
            assertTrue(supportCalls.data().stream().allMatch(c -> SUPPORT.equals(c.bid()) && ALICE.equals(c.agent())));
            Instant since = Instant.now().minus(Duration.ofHours(3));
            var recent = client.listCalls(CallQuery.all().between(since, null).page(1, 100));
            assertTrue(recent.total() < 48 && recent.total() > 0, "total " + recent.total());
            assertTrue(recent.data().stream().allMatch(c -> !c.createdAt().isBefore(since)));
        }

        @Test
        void listCallsWithZeroLimitIsRejected() {
            assertThrows(SnapCallException.Rejected.class, () -> client.listCalls(CallQuery.all().page(1, 0)));
        }

        @Test
        void recordingOfACompletedCallCanBeReadThenDeleted() {
            Call completed = client.listCalls(CallQuery.all().status("completed").page(1, 1)).data().get(0);
            assertTrue(client.getRecording(completed.id()).url().endsWith(completed.id() + ".mp3"));
            assertEquals(true, client.deleteRecording(completed.id()).deleted());
            assertThrows(SnapCallException.NotFound.class, () -> client.getRecording(completed.id()));
            assertThrows(SnapCallException.NotFound.class, () -> client.deleteRecording(completed.id()));
        }

        @Test
        void missedCallHasNoRecording() {
            Call missed = client.listCalls(CallQuery.all().status("missed").page(1, 1)).data().get(0);
            assertThrows(SnapCallException.NotFound.class, () -> client.getRecording(missed.id()));
        }
    }

    @Nested
    class ScheduleTemplates {

        static final String LUNCH = "[{\"day\": \"monday\", \"open\": \"12:00\", \"close\": \"14:00\"}]";

        @Test
        void createReadListAndUpdateATemplate() {
            ScheduleTemplate created = client.createScheduleTemplate(ScheduleTemplate.of("Lunch line", parse(LUNCH)));
            assertEquals("Lunch line", client.getScheduleTemplate(created.id()).name());
            assertEquals(3L, client.listScheduleTemplates(1).total());
            ScheduleTemplate renamed = client.updateScheduleTemplate(created.id(), ScheduleTemplate.of("Lunch", null));
            assertEquals("Lunch", renamed.name());
            assertEquals(parse(LUNCH), renamed.schedule());
        }

        @Test
        void scheduleGoesOutAsWrittenWithNumericDaysAndUnknownKeys() {
            String schedule = "[{\"day\":1,\"open\":\"08:00\",\"close\":\"12:00\",\"note\":\"x\"},"
                    + "{\"day\":\"saturday\",\"open\":\"10:00\",\"close\":\"12:00\"}]";
            ScheduleTemplate created = client.createScheduleTemplate(ScheduleTemplate.of("Mornings", parse(schedule)));
            assertEquals(parse(schedule), parse(lastBody("POST", "^/v2/schedule-templates$")).get("schedule"));
            assertEquals(parse(schedule), created.schedule(), "read back: 1 is still a number, note still there");

            ScheduleTemplate read = client.getScheduleTemplate(created.id());
            client.updateScheduleTemplate(created.id(), read);
            JsonNode sent = parse(lastBody("PUT", "^/v2/schedule-templates/"));
            assertEquals(parse("{\"name\":\"Mornings\",\"schedule\":" + schedule + "}"), sent,
                    "a template read and sent back: as it was, without its id");
        }

        @Test
        void templateWithCloseBeforeOpenIsRejected() {
            var e = assertThrows(SnapCallException.Rejected.class, () -> client.createScheduleTemplate(
                    ScheduleTemplate.of("Backwards", parse("[{\"day\": \"monday\", \"open\": \"18:00\", \"close\": \"09:00\"}]"))));
            assertTrue(e.getMessage().contains("schedule[0].close"), e.getMessage());
        }

        @Test
        void unknownTemplateIsNotFoundAndBadPageRejected() {
            assertThrows(SnapCallException.NotFound.class, () -> client.getScheduleTemplate("77"));
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.updateScheduleTemplate("77", ScheduleTemplate.of("x", null)));
            assertThrows(SnapCallException.Rejected.class, () -> client.listScheduleTemplates(0));
        }
    }

    @Nested
    class Agents {

        @Test
        void readAndInfoDescribeTheAgent() {
            assertEquals("online", client.getAgent(ALICE).status());
            var info = client.agentInfo(ALICE);
            assertEquals(true, info.available());
            assertEquals(List.of(SUPPORT), info.buttons());
        }

        @Test
        void unknownAgentIsNotFound() {
            assertThrows(SnapCallException.NotFound.class, () -> client.getAgent("nobody@example.com"));
            assertThrows(SnapCallException.NotFound.class, () -> client.agentInfo("nobody@example.com"));
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.updateAgent("nobody@example.com", new AgentUpdate(10L, null)));
        }

        @Test
        void statusChangeIsStored() {
            assertEquals("offline", client.setAgentStatus(ALICE, "offline").status());
            assertEquals("offline", client.getAgent(ALICE).status());
            assertEquals(false, client.agentInfo(ALICE).available());
        }

        @Test
        void blankStatusIsRejected() {
            assertThrows(SnapCallException.Rejected.class, () -> client.setAgentStatus(ALICE, " "));
            assertThrows(SnapCallException.Rejected.class, () -> client.setAgentStatus(ALICE, null));
        }

        @Test
        void updateSetsWrapUpAndLastBridgeEnd() {
            var updated = client.updateAgent(ALICE, new AgentUpdate(45L, 1764000000L));
            assertEquals(45L, updated.wrapUpTime());
            assertEquals(1764000000L, client.getAgent(ALICE).lastBridgeEnd());
        }
    }

    @Nested
    class Partner {

        @Test
        void activateAccountByEmailAppliesTimezoneAndCurrency() {
            var activated = client.activateAccount(new AccountActivation("demo@switchboard.example", null,
                    "Europe/Berlin", "usd"));
            assertEquals(true, activated.activated());
            assertEquals("USD", activated.user().currency());
            assertEquals("Europe/Berlin", client.me().timezone());
        }

        @Test
        void activationNamingNoAccountIsRejectedAndUnknownOneNotFound() {
            assertThrows(SnapCallException.Rejected.class,
                    () -> client.activateAccount(new AccountActivation(null, null, "UTC", null)));
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.activateAccount(new AccountActivation(null, 1L, null, null)));
            assertThrows(SnapCallException.Rejected.class,
                    () -> client.activateAccount(new AccountActivation(null, 4242L, "Mars/Base", null)));
        }

        @Test
        void agentButtonIsStablePerAgent() {
            var first = client.agentButton(new AgentButtonRequest(ALICE, true));
            assertTrue(first.bid().matches("[0-9a-f]{20}"));
            assertEquals(first.bid(), client.agentButton(new AgentButtonRequest(ALICE, false)).bid());
            assertEquals(true, first.stream());
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.agentButton(new AgentButtonRequest("nobody@example.com", null)));
            assertThrows(SnapCallException.Rejected.class, () -> client.agentButton(new AgentButtonRequest(null, null)));
        }

        @Test
        void partnerCallsReadAndFilterByAgent() {
            var alice = client.listPartnerCalls(CallQuery.all().agent(ALICE).page(1, 100));
            assertFalse(alice.data().isEmpty());
            assertTrue(alice.data().stream().allMatch(c -> ALICE.equals(c.agent())));
            assertEquals(alice.data().get(0).id(), client.getPartnerCall(alice.data().get(0).id()).id());
            assertThrows(SnapCallException.NotFound.class, () -> client.getPartnerCall("1"));
            assertThrows(SnapCallException.Rejected.class,
                    () -> client.listPartnerCalls(CallQuery.all().page(1, 101)));
        }

        @Test
        void exportingReturnsEveryCallAtOnce() {
            var all = client.listPartnerCalls(new CallQuery(null, null, null, null, null, null, null, null, null,
                    null, true));
            assertEquals(48, all.data().size());
        }

        @Test
        void statsCountTheCallsOfThePeriod() {
            Instant end = Instant.now().plusSeconds(60);
            var stats = client.stats(end.minus(Duration.ofDays(2)), end);
            assertEquals(48L, stats.totalCalls());
            assertEquals(stats.totalCalls(), stats.byStatus().values().stream().mapToLong(Long::longValue).sum());
            assertEquals(stats.byStatus().getOrDefault("completed", 0L), stats.answered());
            assertThrows(SnapCallException.Rejected.class, () -> client.stats(Instant.now(), null));
        }
    }

    /** Which key each call carries, as the sandbox's request log names it (never the key itself). */
    @Nested
    class Keys {

        @Test
        void partnerCallsCarryThePartnerKeyAndAgentButtonTheUsersKey() {
            Call completed = client.listCalls(CallQuery.all().status("completed").page(1, 1)).data().get(0);
            client.activateAccount(new AccountActivation(null, 4242L, null, null));
            client.agentButton(new AgentButtonRequest(ALICE, null));
            client.getPartnerCall(completed.id());
            client.listPartnerCalls(CallQuery.all());
            client.stats(Instant.now().minus(Duration.ofDays(1)), Instant.now());
            client.me();
            client.getButton(SUPPORT);

            assertEquals(Map.of("POST /v2/partner/activate-account", "partner", "POST /v2/partner/agent-button", "account",
                    "GET /v2/partner/calls/{id}", "partner", "GET /v2/partner/calls", "partner",
                    "GET /v2/partner/stats", "partner", "GET /v2/users/me", "account",
                    "GET /v2/buttons/{bid}", "account", "GET /v2/calls", "account"), keysByEndpoint());
        }

        @Test
        void publicEndpointsAreSentWithoutCredentials() {
            client.buttonInfo(SUPPORT);
            client.displayedButton("4242", new DisplayRequest("/", null));
            assertEquals(Map.of("GET /v2/buttons/{bid}/info", "none", "POST /v2/users/{id}/button", "none"),
                    keysByEndpoint());
        }

        private Map<String, String> keysByEndpoint() {
            Map<String, String> keys = new TreeMap<>();
            SandboxControl.requests(null, ".").forEach(r -> keys.put(endpoint(r), (String) r.get("key")));
            return keys;
        }
    }

    static String endpoint(Map<String, Object> request) {
        return request.get("method") + " " + ((String) request.get("path"))
                .replaceAll("/[0-9a-f]{20}(?=/|$)", "/{bid}")
                .replaceAll("/\\d+(?=/|$)", "/{id}")
                .replaceAll("/[^/]+@[^/]+", "/{email}");
    }

    @Nested
    class Users {

        @Test
        void meIsTheAccountOwner() {
            var me = client.me();
            assertEquals("4242", me.id());
            assertEquals("demo@switchboard.example", me.email());
        }

        @Test
        void displayedButtonAppliesRefererAndCartValueFilters() {
            client.updateButton(SUPPORT, Button.activeOnly(null, false));
            assertEquals(SALES, client.displayedButton("4242", new DisplayRequest("https://shop.example/pricing", 150.0)).bid());
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.displayedButton("4242", new DisplayRequest("https://shop.example/pricing", 50.0)));
            assertEquals("5c0ffee5c0ffee5c0ffe",
                    client.displayedButton("4242", new DisplayRequest("/vip/lounge", 600.0)).bid());
        }

        @Test
        void displayedButtonNeedsAReferer() {
            assertThrows(SnapCallException.Rejected.class, () -> client.displayedButton("4242", new DisplayRequest(null, 1.0)));
            assertThrows(SnapCallException.NotFound.class,
                    () -> client.displayedButton("1", new DisplayRequest("/", null)));
        }
    }

    @Test
    void allTwentySixEndpointsAnswerThroughTheClient() {
        Call completed = client.listCalls(CallQuery.all().status("completed").page(1, 1)).data().get(0);
        Button created = client.createButton(Button.named("Tour"));
        client.createButtons(new ButtonBatch(List.of(Button.named("Tour 2"))));
        client.buttonInfo(SUPPORT);
        client.getButton(SUPPORT);
        client.listButtons(null, null, null, null, null);
        client.updateButton(created.bid(), Button.activeOnly(null, false));
        client.updateButtons(new ButtonBatch(List.of(Button.activeOnly(created.bid(), true))));
        client.getCall(completed.id());
        client.getRecording(completed.id());
        client.deleteRecording(completed.id());
        ScheduleTemplate template = client.createScheduleTemplate(
                ScheduleTemplate.of("Tour", parse("[{\"day\": \"friday\", \"open\": \"08:00\", \"close\": \"12:00\"}]")));
        client.getScheduleTemplate(template.id());
        client.listScheduleTemplates(null);
        client.updateScheduleTemplate(template.id(), ScheduleTemplate.of("Tour hours", null));
        client.getAgent(ALICE);
        client.agentInfo(ALICE);
        client.setAgentStatus(ALICE, "busy");
        client.updateAgent(ALICE, new AgentUpdate(20L, null));
        client.activateAccount(new AccountActivation(null, 4242L, null, null));
        client.agentButton(new AgentButtonRequest(ALICE, null));
        client.getPartnerCall(completed.id());
        client.listPartnerCalls(CallQuery.all());
        client.stats(Instant.now().minus(Duration.ofDays(1)), Instant.now());
        client.displayedButton("4242", new DisplayRequest("/", null));
        client.me();

        var endpoints = SandboxControl.requests(null, ".").stream()
                .filter(r -> ((Integer) r.get("status")) < 300)
                .map(SnapCallClientContractTest::endpoint)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(26, endpoints.size(), endpoints.toString());
    }
}
