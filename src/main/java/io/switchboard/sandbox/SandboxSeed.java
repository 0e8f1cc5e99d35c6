package io.switchboard.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The demo account every sandbox starts with: a user, five agents, two schedule templates,
 * four buttons with fixed bids and a day of calls. Calls come from the seeded RNG, so the same
 * seed always gives the same history (relative to the start time).
 */
final class SandboxSeed {

    static final String SUPPORT = "0846f80abb1c11e7b62e";
    static final String SALES = "1a2b3c4d5e6f708192a3";
    static final String BILLING = "9f8e7d6c5b4a39281706";
    static final String VIP = "5c0ffee5c0ffee5c0ffe";
    static final long USER_ID = 4242;
    static final int SEEDED_CALLS = 48;

    private static final String[] STATUSES = { "completed", "completed", "completed", "missed", "dropped" };

    private SandboxSeed() {
    }

    static void populate(SandboxState state, Random random, Instant now) {
        ObjectNode user = SandboxState.NODES.objectNode();
        user.put("id", USER_ID);
        user.put("email", "demo@switchboard.example");
        user.put("firstname", "Dana");
        user.put("lastname", "Demo");
        user.put("company", "Switchboard Demo Ltd");
        user.put("timezone", "Europe/Paris");
        user.put("currency", "EUR");
        state.setUser(user);

        state.addAgent("alice@example.com", "Alice", "Martin", "online");
        state.addAgent("bob@example.com", "Bob", "Durand", "online");
        state.addAgent("carol@example.com", "Carol", "Lee", "away");
        state.addAgent("dave@example.com", "Dave", "Moreau", "offline");
        state.addAgent("erin@example.com", "Erin", "Petit", "busy");

        long office = state.createTemplate(template("Office hours", List.of("monday", "tuesday", "wednesday",
                "thursday", "friday"), "09:00", "18:00")).get("id").asLong();
        long weekend = state.createTemplate(template("Weekend support", List.of("saturday", "sunday"), "10:00",
                "16:00")).get("id").asLong();

        state.putButton(button(SUPPORT, "Support", "alice@example.com", office, "Europe/Paris", true, null, null));
        state.putButton(button(SALES, "Sales", "bob@example.com", null, "Europe/Paris", true, "/pricing", 100.0));
        state.putButton(button(BILLING, "Billing", "carol@example.com", office, "Europe/London", false, null, null));
        state.putButton(button(VIP, "VIP line", "erin@example.com", weekend, "America/New_York", true, "/vip*", 500.0));

        List<String> bids = List.of(SUPPORT, SALES, BILLING, VIP);
        for (int i = 0; i < SEEDED_CALLS; i++) {
            Instant created = now.minus(Duration.ofMinutes(30L * (SEEDED_CALLS - i) + random.nextInt(20)));
            long id = state.addCall(bids.get(random.nextInt(bids.size())), "ringing", created,
                    "visitor-" + (100 + random.nextInt(900)), "336" + (10_000_000 + random.nextInt(89_999_999)));
            String status = STATUSES[random.nextInt(STATUSES.length)];
            Integer rate = "completed".equals(status) && random.nextBoolean() ? 1 + random.nextInt(5) : null;
            state.updateCall(id, status, created.plusSeconds("completed".equals(status) ? 30 + random.nextInt(600) : 20),
                    rate);
        }
    }

    private static ObjectNode template(String name, List<String> days, String open, String close) {
        ObjectNode template = SandboxState.NODES.objectNode();
        template.put("name", name);
        ArrayNode schedule = template.putArray("schedule");
        days.forEach(day -> schedule.addObject().put("day", day).put("open", open).put("close", close));
        return template;
    }

    private static ObjectNode button(String bid, String name, String agent, Long template, String timezone,
            boolean active, String displayPage, Double cartValue) {
        ObjectNode button = SandboxState.NODES.objectNode();
        button.put("bid", bid);
        button.put("name", name);
        button.put("brand", "Switchboard Demo");
        button.put("agent", agent);
        button.put("schedule_template_id", template);
        button.put("timezone", timezone);
        button.set("config", SandboxState.NODES.objectNode().put("color", "#1f6feb").put("video", false));
        button.put("display_page", displayPage);
        button.put("cart_value", cartValue);
        button.put("active", active);
        button.put("created_at", "2026-01-05T09:00:00Z");
        return button;
    }
}
