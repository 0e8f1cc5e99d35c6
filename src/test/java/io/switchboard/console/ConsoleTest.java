package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.auth.ApiKeyMechanism;
import io.switchboard.intake.AgentPoller;
import io.switchboard.intake.PollRunner;
import jakarta.inject.Inject;

/** The console over HTTP: sign-in and its cookie, roles, CSRF, escaping and the security headers. */
@QuarkusTest
class ConsoleTest {

    static final String XSS = "<img src=x onerror=alert(1)>";
    static final Pattern CSRF = Pattern.compile("X-CSRF-Token&quot;: &quot;([A-Za-z0-9_-]+)&quot;");

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    AgentPoller agents;

    @BeforeEach
    void clean() {
        fixtures.clean();
    }

    @Test
    void theServicesRootLeadsToTheConsoleWithoutAKey() {
        given().redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", containsString("/console"));
    }

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    record Browser(String session, String csrf) {
        RequestSpecification get() {
            return given().redirects().follow(false).cookie(ApiKeyMechanism.SESSION_COOKIE, session);
        }

        RequestSpecification change() {
            return get().header(ApiKeyMechanism.CSRF_HEADER, csrf);
        }
    }

    static Browser signIn(String key) {
        Response answer = given().redirects().follow(false).formParam("key", key).post("/console/signin");
        assertEquals(303, answer.statusCode());
        String session = answer.getCookie(ApiKeyMechanism.SESSION_COOKIE);
        String page = given().cookie(ApiKeyMechanism.SESSION_COOKIE, session).get("/console/rules").then()
                .statusCode(200).extract().asString();
        Matcher csrf = CSRF.matcher(page);
        assertTrue(csrf.find(), "the page carries the session's CSRF token for htmx");
        return new Browser(session, csrf.group(1));
    }

    static long rule(String name) {
        return given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("""
                {"name": "%s", "trigger": {"type": "agent.status_changed"},
                 "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}"""
                .formatted(name.replace("\"", "\\\""))).post("/api/rules").then().statusCode(201).extract().jsonPath()
                .getLong("id");
    }

    @Test
    void signingInGivesAnOpaqueHardenedCookieAndSigningOutEndsTheSession() {
        Response answer = given().redirects().follow(false).formParam("key", "test-admin-key").post("/console/signin");
        assertEquals(303, answer.statusCode());
        assertTrue(answer.header("Location").endsWith("/console/rules"));
        String setCookie = answer.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Max-Age=28800") || setCookie.contains("Max-Age=2879"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), "no Secure flag over plain HTTP (the test server): " + setCookie);
        String session = answer.getCookie(ApiKeyMechanism.SESSION_COOKIE);
        assertFalse(session.contains("test-admin-key"), "the cookie is not the key");
        assertTrue(session.length() >= 43, "256 random bits");

        Browser admin = signIn("test-admin-key");
        admin.get().get("/q/openapi").then().statusCode(200);
        admin.get().get("/q/swagger-ui/").then().statusCode(200);
        admin.get().get("/api/rules").then().statusCode(200);
        admin.change().post("/console/signout").then().statusCode(200).header("HX-Redirect", "/console/signin")
                .header("Set-Cookie", containsString("Max-Age=0"));
        admin.get().get("/console/rules").then().statusCode(303).header("Location", containsString("/console/signin"));
        admin.get().get("/q/openapi").then().statusCode(401);
    }

    @Test
    void aWrongKeyIsRefusedWithoutACookie() {
        Response answer = given().redirects().follow(false).formParam("key", "guess").post("/console/signin");
        assertEquals(401, answer.statusCode());
        assertTrue(answer.asString().contains("not accepted"));
        assertEquals(null, answer.getCookie(ApiKeyMechanism.SESSION_COOKIE));
        given().redirects().follow(false).get("/console/rules").then().statusCode(303)
                .header("Location", containsString("/console/signin"));
        given().redirects().follow(false).header("HX-Request", "true").get("/console/rules/table").then()
                .statusCode(401).header("HX-Redirect", "/console/signin");
    }

    @Test
    void aViewerSeesNoEditControlsAndCannotChangeAnything() {
        long id = rule("Support follows Alice");
        Browser viewer = signIn("test-viewer-key");
        String list = viewer.get().get("/console/rules").then().statusCode(200).extract().asString();
        assertTrue(list.contains("Support follows Alice"));
        assertFalse(list.contains("New rule"), "no create button");
        assertFalse(list.contains("role=\"switch\""), "no enable switch");
        assertFalse(list.contains("/delete"), "no delete button");
        String editor = viewer.get().get("/console/rules/" + id).then().statusCode(200).extract().asString();
        assertTrue(editor.contains("disabled"), "the form is read-only");
        assertFalse(editor.contains(">Save<"), "no save button");
        assertTrue(editor.contains("Dry run"), "a viewer may still dry-run");
        viewer.change().post("/console/rules/" + id + "/disable").then().statusCode(403)
                .body("detail", containsString("admin key"));
        viewer.change().formParam("name", "x").post("/console/rules/save").then().statusCode(403);
        given().auth().oauth2("test-admin-key").get("/api/rules/" + id).then().body("enabled", equalTo(true));
    }

    @Test
    void aChangeWithTheSessionCookieNeedsItsCsrfToken() {
        long id = rule("Pause support");
        Browser admin = signIn("test-admin-key");
        admin.get().post("/console/rules/" + id + "/disable").then().statusCode(403)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("CSRF"));
        admin.get().header(ApiKeyMechanism.CSRF_HEADER, "forged").contentType(ContentType.JSON)
                .post("/api/rules/" + id + "/disable").then()
                .statusCode(403);
        given().auth().oauth2("test-admin-key").get("/api/rules/" + id).then().body("enabled", equalTo(true));
        admin.change().post("/console/rules/" + id + "/disable").then().statusCode(200)
                .body(containsString("aria-checked=\"false\""));
        given().auth().oauth2("test-admin-key").get("/api/rules/" + id).then().body("enabled", equalTo(false));
    }

    @Test
    void whateverUsersWroteIsShownAsText() {
        long id = rule(XSS);
        Browser admin = signIn("test-admin-key");
        for (String page : new String[] { "/console/rules", "/console/rules/" + id, "/console/traces" }) {
            String html = admin.get().get(page).then().statusCode(200).extract().asString();
            assertFalse(html.contains(XSS), page + " writes the name as markup");
            assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), page + " shows the name as text");
        }
    }

    @Test
    void aTracesPageNumberPastAnyListShowsAnEmptyPageNotAnError() {
        Browser viewer = signIn("test-admin-key");
        for (String page : new String[] { "-3", "42949673", "2147483647" }) {
            viewer.get().get("/console/traces?page=" + page).then().statusCode(200).contentType(containsString("text/html"));
        }
    }

    @Test
    void everyPageHasAStrictContentSecurityPolicyAndNoInlineScript() {
        Browser admin = signIn("test-admin-key");
        for (String page : new String[] { "/console/signin", "/console/rules", "/console/rules/new", "/console/traces",
                "/console/status", "/console/account" }) {
            Response answer = admin.get().get(page);
            assertEquals(200, answer.statusCode(), page);
            String csp = answer.header("Content-Security-Policy");
            assertNotNull(csp, page);
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe"), page + ": " + csp);
            String html = answer.asString();
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), page + " has an inline script");
            assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    page + " has an inline event handler");
            assertFalse(html.contains("hx-on"), page + " has inline htmx script");
        }
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
        given().get("/webjars/htmx-ext-sse/sse.js").then().statusCode(200);
    }

    @Test
    void theConditionIsCheckedAtItsLineAndColumn() {
        Browser admin = signIn("test-admin-key");
        admin.change().formParam("condition", "event.status == 'offline' &&\n  event.agent ==").post("/console/rules/condition")
                .then().statusCode(200).body(containsString("line 2, column")).body(containsString("<mark class=\"at\">"));
        admin.change().formParam("condition", "event.status == 'offline'").post("/console/rules/condition")
                .then().statusCode(200).body(containsString("compiles")).body(not(containsString("line ")));
    }

    @Test
    void savingOverSomeoneElsesChangeOffersReloadOrOverwrite() {
        long id = rule("Pause support");
        Browser admin = signIn("test-admin-key");
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).post("/api/rules/" + id + "/disable")
                .then().statusCode(200);
        String[] form = { "id", String.valueOf(id), "version", "0", "name", "Pause support (mine)", "enabled", "true",
                "trigger", "agent.status_changed", "actions[0].type", "button.set_active",
                "actions[0].button", "0846f80abb1c11e7b62e", "actions[0].active", "false" };
        var stale = admin.change().contentType(ContentType.URLENC);
        for (int i = 0; i < form.length; i += 2) {
            stale.formParam(form[i], form[i + 1]);
        }
        stale.post("/console/rules/save").then().statusCode(200)
                .body(containsString("Someone else saved this rule")).body(containsString("Reload their version"))
                .body(containsString("name=\"overwrite\""));
        given().auth().oauth2("test-admin-key").get("/api/rules/" + id).then().body("name", equalTo("Pause support"));

        var overwrite = admin.change().contentType(ContentType.URLENC).formParam("overwrite", "true");
        for (int i = 0; i < form.length; i += 2) {
            overwrite.formParam(form[i], form[i + 1]);
        }
        overwrite.post("/console/rules/save").then().statusCode(200).header("HX-Redirect", startsWith("/console/rules"));
        given().auth().oauth2("test-admin-key").get("/api/rules/" + id).then().body("name", equalTo("Pause support (mine)"))
                .body("enabled", equalTo(true));
    }

    @Test
    void anInvalidRuleComesBackWithEachFaultAtItsField() {
        Browser admin = signIn("test-admin-key");
        admin.change().contentType(ContentType.URLENC).formParam("name", "").formParam("trigger", "schedule")
                .formParam("cron", "not cron").formParam("actions[0].type", "button.set_active")
                .formParam("actions[0].active", "maybe").post("/console/rules/save").then().statusCode(200)
                .body(containsString("Not saved")).body(containsString("id=\"name-error\""))
                .body(containsString("id=\"cron-error\"")).body(containsString("is required for button.set_active"));
    }

    @Test
    void aRecentRealEventCanBeTheDryRunsSample() {
        fixtures.freshLoop();
        SandboxControl.sandbox().body(Map.of("status", "offline"))
                .put("/sandbox/v2/agents/alice@example.com/status").then().statusCode(200);
        runner.run(agents, true);
        Browser viewer = signIn("test-viewer-key");
        String fields = viewer.get().get("/console/rules/fields?trigger=agent.status_changed").then().statusCode(200)
                .extract().asString();
        assertTrue(fields.contains("event.previous"), "the trigger's event fields are offered");
        Matcher option = Pattern.compile("<option value=\"(\\d+)\">#\\d+ · alice@example.com").matcher(fields);
        assertTrue(option.find(), fields);
        viewer.get().get("/console/rules/sample?sample=" + option.group(1)).then().statusCode(200)
                .body(containsString("&quot;status&quot; : &quot;offline&quot;"));
    }
}
