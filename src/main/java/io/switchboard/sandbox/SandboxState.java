package io.switchboard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sandbox's SnapCall account, in memory. One lock guards it all: the sandbox serves tests
 * and demos, where being obviously right beats being fast. Everything handed out is a copy.
 */
@ApplicationScoped
public class SandboxState {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Inject
    SandboxConfig config;

    private final Map<String, ObjectNode> buttons = new LinkedHashMap<>();
    private final TreeMap<Long, ObjectNode> calls = new TreeMap<>();
    private final Map<Long, ObjectNode> recordings = new LinkedHashMap<>();
    private final TreeMap<Long, ObjectNode> templates = new TreeMap<>();
    private final Map<String, ObjectNode> agents = new LinkedHashMap<>();
    private ObjectNode user;
    private long nextCallId;
    private long nextTemplateId;
    private Random ids;

    @PostConstruct
    void init() {
        reset();
    }

    /** Back to the seeded demo account. */
    public synchronized void reset() {
        buttons.clear();
        calls.clear();
        recordings.clear();
        templates.clear();
        agents.clear();
        nextCallId = 1000;
        nextTemplateId = 1;
        ids = new Random(config.seed());
        SandboxSeed.populate(this, new Random(config.seed()), Instant.parse(now()));
    }

    // Buttons

    public synchronized ObjectNode createButton(ObjectNode fields) {
        checkReferences(fields);
        ObjectNode button = NODES.objectNode();
        button.put("bid", newBid());
        button.put("active", true);
        button.put("timezone", "UTC");
        button.set("config", NODES.objectNode());
        button.setAll(fields);
        button.put("created_at", SandboxState.now());
        buttons.put(button.get("bid").asText(), button);
        knowAgent(button.path("agent").asText(null));
        return button.deepCopy();
    }

    /** All or nothing: every button is checked before any is stored. */
    public synchronized ArrayNode createButtons(List<ObjectNode> batch) {
        batch.forEach(this::checkReferences);
        ArrayNode created = NODES.arrayNode();
        batch.forEach(fields -> created.add(createButton(fields)));
        return created;
    }

    public synchronized ObjectNode button(String bid) {
        return find(buttons, bid, "button").deepCopy();
    }

    public synchronized List<ObjectNode> buttons(Predicate<ObjectNode> filter) {
        return copies(buttons.values(), filter);
    }

    public synchronized ObjectNode updateButton(String bid, ObjectNode fields) {
        ObjectNode button = find(buttons, bid, "button");
        checkReferences(fields);
        button.setAll(fields);
        button.put("updated_at", SandboxState.now());
        return button.deepCopy();
    }

    /** All or nothing, like the batch create. */
    public synchronized ArrayNode updateButtons(Map<String, ObjectNode> changes) {
        changes.forEach((bid, fields) -> {
            find(buttons, bid, "button");
            checkReferences(fields);
        });
        ArrayNode updated = NODES.arrayNode();
        changes.forEach((bid, fields) -> updated.add(updateButton(bid, fields)));
        return updated;
    }

    /** What a visitor's page may know: no agent, no configuration. */
    public synchronized ObjectNode buttonInfo(String bid) {
        ObjectNode button = find(buttons, bid, "button");
        boolean open = isOpen(button, Instant.now());
        ObjectNode agent = agents.get(button.path("agent").asText(""));
        boolean available = button.path("active").asBoolean(false) && open
                && agent != null && "online".equals(agent.path("status").asText());
        ObjectNode info = NODES.objectNode();
        info.put("bid", bid);
        info.set("name", button.get("name"));
        info.set("active", button.get("active"));
        info.put("open", open);
        info.put("available", available);
        info.set("display_page", button.get("display_page"));
        return info;
    }

    // Calls

    public synchronized ObjectNode call(long id) {
        return find(calls, id, "call").deepCopy();
    }

    /** Calls in id order (oldest first), so paging is stable while new calls arrive. */
    public synchronized List<ObjectNode> calls(Predicate<ObjectNode> filter) {
        return copies(calls.values(), filter);
    }

    public synchronized ObjectNode recording(long callId) {
        find(calls, callId, "call");
        return find(recordings, callId, "recording").deepCopy();
    }

    public synchronized void deleteRecording(long callId) {
        find(calls, callId, "call");
        find(recordings, callId, "recording");
        recordings.remove(callId);
        calls.get(callId).put("has_recording", false);
    }

    /** Adds a call (the seed and the simulator use it); returns its id. */
    public synchronized long addCall(String bid, String status, Instant createdAt, String client, String ani) {
        ObjectNode button = find(buttons, bid, "button");
        long id = nextCallId++;
        ObjectNode call = NODES.objectNode();
        call.put("id", id);
        call.put("bid", bid);
        call.set("agent", button.get("agent"));
        call.put("status", status);
        call.put("duration", 0);
        call.putNull("rate");
        call.put("client", client);
        call.put("ani", ani);
        call.put("created_at", createdAt.toString());
        call.putNull("ended_at");
        call.put("has_recording", false);
        calls.put(id, call);
        return id;
    }

    /** Moves a call on; an ended call gets its duration, and a completed one a recording. */
    public synchronized void updateCall(long id, String status, Instant at, Integer rate) {
        ObjectNode call = find(calls, id, "call");
        call.put("status", status);
        if (rate != null) {
            call.put("rate", rate);
        }
        if (List.of("completed", "missed", "dropped").contains(status)) {
            call.put("ended_at", at.toString());
            long seconds = Math.max(0, at.getEpochSecond() - Instant.parse(call.get("created_at").asText()).getEpochSecond());
            call.put("duration", "completed".equals(status) ? seconds : 0);
        }
        if ("completed".equals(status)) {
            ObjectNode recording = NODES.objectNode();
            recording.put("call_id", id);
            recording.put("url", "https://recordings.sandbox.snapcall.invalid/" + id + ".mp3");
            recording.put("duration", call.get("duration").asLong());
            recording.put("format", "mp3");
            recordings.put(id, recording);
            call.put("has_recording", true);
        }
    }

    public synchronized List<Long> callIdsWithStatus(String status) {
        return calls.values().stream().filter(c -> status.equals(c.path("status").asText()))
                .map(c -> c.get("id").asLong()).toList();
    }

    // Schedule templates

    public synchronized ObjectNode createTemplate(ObjectNode fields) {
        ObjectNode template = NODES.objectNode();
        template.put("id", nextTemplateId++);
        template.setAll(fields);
        templates.put(template.get("id").asLong(), template);
        return template.deepCopy();
    }

    public synchronized ObjectNode template(long id) {
        return find(templates, id, "schedule template").deepCopy();
    }

    public synchronized List<ObjectNode> templates() {
        return copies(templates.values(), t -> true);
    }

    public synchronized ObjectNode updateTemplate(long id, ObjectNode fields) {
        ObjectNode template = find(templates, id, "schedule template");
        template.setAll(fields);
        return template.deepCopy();
    }

    // Agents

    public synchronized ObjectNode agent(String email) {
        return find(agents, email, "agent").deepCopy();
    }

    public synchronized List<String> agentEmails() {
        return List.copyOf(agents.keySet());
    }

    public synchronized ObjectNode agentInfo(String email) {
        ObjectNode agent = find(agents, email, "agent");
        ObjectNode info = NODES.objectNode();
        info.put("email", email);
        info.set("status", agent.get("status"));
        info.put("available", "online".equals(agent.path("status").asText()));
        ArrayNode own = info.putArray("buttons");
        buttons.values().stream().filter(b -> email.equals(b.path("agent").asText()))
                .forEach(b -> own.add(b.get("bid")));
        return info;
    }

    public synchronized ObjectNode updateAgent(String email, ObjectNode fields) {
        ObjectNode agent = find(agents, email, "agent");
        agent.setAll(fields);
        agent.put("updated_at", SandboxState.now());
        return agent.deepCopy();
    }

    /** Adds an agent to the account (seed data, or a button naming a new agent). */
    public synchronized void addAgent(String email, String firstname, String lastname, String status) {
        ObjectNode agent = NODES.objectNode();
        agent.put("email", email);
        agent.put("firstname", firstname);
        agent.put("lastname", lastname);
        agent.put("status", status);
        agent.put("wrap_up_time", 30);
        agent.putNull("last_bridge_end");
        agents.put(email, agent);
    }

    // Account

    public synchronized ObjectNode user() {
        return user.deepCopy();
    }

    synchronized void setUser(ObjectNode value) {
        user = value;
    }

    public synchronized ObjectNode activate(ObjectNode fields) {
        if (!fields.hasNonNull("email") && !fields.hasNonNull("user_id")) {
            throw SandboxError.badRequest("\"value\" must contain at least one of [email, user_id]");
        }
        boolean matches = (fields.hasNonNull("email") && fields.get("email").asText().equalsIgnoreCase(user.get("email").asText()))
                || (fields.hasNonNull("user_id") && fields.get("user_id").asLong() == user.get("id").asLong());
        if (!matches) {
            throw SandboxError.notFound("account");
        }
        if (fields.hasNonNull("timezone")) {
            user.put("timezone", zone(fields.get("timezone").asText(), "timezone").getId());
        }
        if (fields.hasNonNull("currency")) {
            String currency = fields.get("currency").asText();
            if (!currency.matches("[A-Za-z]{3}")) {
                throw SandboxError.badRequest("\"currency\" must be a 3-letter ISO code");
            }
            user.put("currency", currency.toUpperCase(Locale.ROOT));
        }
        user.put("activated", true);
        ObjectNode answer = NODES.objectNode();
        answer.put("activated", true);
        answer.set("user", user.deepCopy());
        return answer;
    }

    public synchronized ObjectNode agentButton(String email, boolean stream) {
        find(agents, email, "agent");
        String bid = stableBid(email);
        ObjectNode answer = NODES.objectNode();
        answer.put("bid", bid);
        answer.put("agent_email", email);
        answer.put("stream", stream);
        answer.put("url", "https://snapcall.io/sandbox/agent/" + bid + (stream ? "?stream=1" : ""));
        return answer;
    }

    /** The first active button of the user's account that the visitor's page and cart pass. */
    public synchronized ObjectNode displayedButton(long userId, String referer, double cartValue) {
        if (userId != user.get("id").asLong()) {
            throw SandboxError.notFound("user");
        }
        return buttons.values().stream()
                .filter(b -> b.path("active").asBoolean(false))
                .filter(b -> pageMatches(b.path("display_page").asText(""), referer))
                .filter(b -> cartValue >= b.path("cart_value").asDouble(0))
                .findFirst()
                .map(b -> {
                    ObjectNode shown = NODES.objectNode();
                    for (String field : List.of("bid", "name", "brand", "active", "display_page", "cart_value", "timezone")) {
                        if (b.has(field)) {
                            shown.set(field, b.get(field));
                        }
                    }
                    return shown;
                })
                .orElseThrow(() -> new SandboxError(404, "no button matches this page"));
    }

    // Shared rules

    /** Timestamps to the second, as SnapCall writes them. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static ZoneId zone(String id, String field) {
        try {
            return ZoneId.of(id);
        } catch (Exception e) {
            throw SandboxError.badRequest("\"" + field + "\" must be a valid time zone");
        }
    }

    /** display_page empty: everywhere; with '*': a wildcard pattern; otherwise the referer contains it. */
    static boolean pageMatches(String displayPage, String referer) {
        if (displayPage.isBlank()) {
            return true;
        }
        if (displayPage.contains("*")) {
            String regex = ("\\Q" + displayPage + "\\E").replace("*", "\\E.*\\Q");
            return referer.matches(regex);
        }
        return referer.contains(displayPage);
    }

    private boolean isOpen(ObjectNode button, Instant at) {
        JsonNode templateId = button.get("schedule_template_id");
        if (templateId == null || templateId.isNull() || !templates.containsKey(templateId.asLong())) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone(button.path("timezone").asText("UTC"), "timezone"));
        String today = local.getDayOfWeek().name().toLowerCase(Locale.ROOT);
        LocalTime time = local.toLocalTime();
        for (JsonNode range : templates.get(templateId.asLong()).path("schedule")) {
            if (today.equals(SandboxSchedules.dayName(range.path("day")))
                    && !time.isBefore(LocalTime.parse(range.path("open").asText()))
                    && time.isBefore(LocalTime.parse(range.path("close").asText()))) {
                return true;
            }
        }
        return false;
    }

    private void checkReferences(ObjectNode fields) {
        JsonNode templateId = fields.get("schedule_template_id");
        if (templateId != null && !templateId.isNull() && !templates.containsKey(templateId.asLong())) {
            throw SandboxError.badRequest("\"schedule_template_id\" does not exist");
        }
        if (fields.hasNonNull("timezone")) {
            zone(fields.get("timezone").asText(), "timezone");
        }
    }

    private void knowAgent(String email) {
        if (email != null && !email.isBlank() && !agents.containsKey(email)) {
            addAgent(email, null, null, "offline");
        }
    }

    /** The same agent always gets the same personal button. */
    private static String stableBid(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private String newBid() {
        byte[] bytes = new byte[10];
        String bid;
        do {
            ids.nextBytes(bytes);
            bid = HexFormat.of().formatHex(bytes);
        } while (buttons.containsKey(bid));
        return bid;
    }

    private static <K> ObjectNode find(Map<K, ObjectNode> map, K key, String what) {
        ObjectNode found = map.get(key);
        if (found == null) {
            throw SandboxError.notFound(what);
        }
        return found;
    }

    private static List<ObjectNode> copies(Iterable<ObjectNode> nodes, Predicate<ObjectNode> filter) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode node : nodes) {
            if (filter.test(node)) {
                out.add(node.deepCopy());
            }
        }
        return out;
    }

    /** Used by the seed only: a button with a fixed bid, so demos and docs can name it. */
    synchronized void putButton(ObjectNode button) {
        buttons.put(button.get("bid").asText(), button);
    }
}
