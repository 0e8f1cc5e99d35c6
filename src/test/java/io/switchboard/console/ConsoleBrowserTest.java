package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.Fixtures;
import io.switchboard.SandboxControl;
import io.switchboard.action.Action;
import io.switchboard.action.ActionConfig;
import io.switchboard.intake.AgentPoller;
import io.switchboard.intake.PollRunner;
import jakarta.inject.Inject;

/**
 * The console in a real browser: Debian's headless Chromium driven through its chromedriver
 * (nothing downloaded). Skipped, saying so, where neither is installed. Each test reads the
 * browser's console log afterwards: a page that logs an error (a script failing, a resource
 * refused by the Content-Security-Policy) fails the test. Screenshots of each screen go to
 * {@code target/screenshots/}.
 */
@QuarkusTest
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final String SUPPORT = "0846f80abb1c11e7b62e";

    static WebDriver browser;
    static Path profile;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    PollRunner runner;

    @Inject
    AgentPoller agents;

    @Inject
    ActionConfig actions;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no browser here: the console's browser tests need Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver) — SKIPPED");
        profile = Files.createTempDirectory("switchboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void freshWorld() {
        fixtures.freshLoop();
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        consoleErrors();
    }

    @AfterEach
    void noJavaScriptErrors() {
        List<String> errors = consoleErrors();
        assertTrue(errors.isEmpty(), "the browser's console logged errors: " + errors);
    }

    static List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, PATIENCE);
    }

    void signIn(String key) {
        browser.get(url("/console/signin"));
        WebElement field = browser.findElement(By.id("key"));
        assertEquals("password", field.getAttribute("type"), "the key is typed into a password field");
        field.sendKeys(key);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.urlContains("/console/rules"));
        assertFalse(browser.getCurrentUrl().contains(key), "the key never shows in a URL");
    }

    /** The whole page (the window grown to its height), as a person scrolling would see it. */
    static void screenshot(String name) {
        Dimension before = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(4000, Math.max(height + 140,
                before.getHeight()))));
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    static long rule(String json) {
        return given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body(json).post("/api/rules")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static final String ALICE_OFFLINE = """
            {"name": "Support follows Alice", "trigger": {"type": "agent.status_changed"},
             "condition": "event.agent == 'alice@example.com' && event.status == 'offline'",
             "actions": [{"type": "button.set_active", "button": "0846f80abb1c11e7b62e", "active": false}]}""";

    @Test
    void signInPageAndAWrongKey() {
        browser.get(url("/console/rules"));
        waiting().until(ExpectedConditions.urlContains("/console/signin"));
        screenshot("signin");
        browser.findElement(By.id("key")).sendKeys("not-a-key");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "not accepted"));
        consoleErrors(); // the refused sign-in's 401 is logged by the browser as a failed resource: expected
    }

    @Test
    void aViewerSeesEverythingButCannotEdit() {
        long id = rule(ALICE_OFFLINE);
        signIn("test-viewer-key");
        assertTrue(browser.findElement(By.id("rules-table")).getText().contains("Support follows Alice"));
        assertTrue(browser.findElements(By.linkText("New rule")).isEmpty(), "no create button");
        assertTrue(browser.findElements(By.cssSelector("[role=switch]")).isEmpty(), "no enable switch");
        assertEquals("viewer", browser.findElement(By.cssSelector(".role")).getText());
        browser.get(url("/console/rules/" + id));
        assertFalse(browser.findElement(By.id("name")).isEnabled(), "fields are read-only");
        assertTrue(browser.findElements(By.xpath("//button[normalize-space()='Save']")).isEmpty(), "no save button");
        for (String page : List.of("/console/traces", "/console/status", "/console/account")) {
            browser.get(url(page));
            assertTrue(browser.findElements(By.xpath("//button[normalize-space()='Retry']")).isEmpty());
        }
    }

    @Test
    void anAdminCreatesARuleWhoseBrokenConditionIsShownAtItsPlaceThenFixed() {
        signIn("test-admin-key");
        assertEquals("admin", browser.findElement(By.cssSelector(".role")).getText());
        browser.findElement(By.linkText("New rule")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        browser.findElement(By.id("name")).sendKeys("Alice offline pauses support");
        new Select(browser.findElement(By.id("trigger"))).selectByValue("agent.status_changed");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-fields"), "event.previous"));
        WebElement condition = browser.findElement(By.id("condition"));
        condition.sendKeys("event.agent == 'alice@example.com' &&\nevent.status = 'offline'");
        WebElement issue = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#condition-check .where")));
        assertEquals("line 2, column 14", issue.getText(), "the error names its place");
        assertEquals("=", browser.findElement(By.cssSelector("#condition-check mark.at")).getText(),
                "the character at fault is the one underlined");
        screenshot("rule-editor-error");

        condition.clear();
        browser.findElement(By.cssSelector("[data-insert='event.agent']")).click();
        condition.sendKeys(" == 'alice@example.com' && event.status == 'offline'");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("condition-check"), "compiles"));
        assertEquals("event.agent == 'alice@example.com' && event.status == 'offline'", condition.getAttribute("value"));
        browser.findElement(By.name("actions[0].button")).sendKeys(SUPPORT);
        browser.findElement(By.name("actions[0].active")).sendKeys("false");
        browser.findElement(By.id("cooldown")).sendKeys("PT5M");
        screenshot("rule-editor");
        browser.findElement(By.xpath("//button[normalize-space()='Save']")).click();
        waiting().until(ExpectedConditions.urlContains("/console/rules?saved="));
        assertTrue(browser.findElement(By.id("rules-table")).getText().contains("Alice offline pauses support"));
        screenshot("rules");
        given().auth().oauth2("test-admin-key").get("/api/rules").then().body("items[0].cooldown",
                equalTo("PT5M")).body("items[0].actions[0].active", equalTo(false));
    }

    @Test
    void theDryRunShowsTheExactRequest() {
        long id = rule(ALICE_OFFLINE);
        signIn("test-admin-key");
        browser.get(url("/console/rules/" + id));
        WebElement event = browser.findElement(By.id("event"));
        event.clear();
        event.sendKeys("{\"agent\": \"alice@example.com\", \"status\": \"offline\"}");
        browser.findElement(By.xpath("//button[normalize-space()='Dry run']")).click();
        WebElement request = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dry-run-result pre.http")));
        assertTrue(request.getText().startsWith("PUT /v2/buttons/" + SUPPORT), request.getText());
        assertTrue(request.getText().contains("\"active\" : false"), request.getText());
        assertTrue(browser.findElement(By.cssSelector("#dry-run-result .outcome")).getText().contains("fired"));
        screenshot("dry-run");
        assertEquals(0, SandboxControl.count("PUT", "^/v2/buttons/"), "a dry run sends nothing");
    }

    @Test
    void aFiringRuleShowsItsTraceWithoutAReload() {
        rule(ALICE_OFFLINE);
        signIn("test-viewer-key");
        browser.get(url("/console/traces"));
        WebElement heading = browser.findElement(By.tagName("h1"));
        SandboxControl.sandbox().body(Map.of("status", "offline"))
                .put("/sandbox/v2/agents/alice@example.com/status").then().statusCode(200);
        runner.run(agents, true);
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tbody[@id='trace-rows']/tr[contains(., 'Support follows Alice')]")));
        assertTrue(row.getText().contains("fired"), row.getText());
        assertTrue(heading.isDisplayed(), "the page was not reloaded (an element from before is still attached)");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), "agent.status_changed"));
        screenshot("traces");
        row.findElement(By.tagName("a")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Support follows Alice"));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Every rule it met"));
        waiting().until(d -> {
            d.navigate().refresh();
            return d.findElement(By.tagName("main")).getText().contains("succeeded");
        });
        screenshot("trace");
    }

    @Test
    void anAdminRetriesADeadAction() {
        rule("""
                {"name": "Alice away", "trigger": {"type": "agent.status_changed"},
                 "condition": "event.agent == 'alice@example.com' && event.status == 'away'",
                 "actions": [{"type": "agent.update", "agent": "alice@example.com", "wrap_up_time": 120}]}""");
        SandboxControl.fault(Map.of("status", 429, "retry_after", 0, "count", actions.maxAttempts(), "method", "PUT",
                "path", "^/v2/agents/alice@example.com$"));
        SandboxControl.sandbox().body(Map.of("status", "away")).put("/sandbox/v2/agents/alice@example.com/status")
                .then().statusCode(200);
        runner.run(agents, true);
        await().atMost(PATIENCE).until(() -> "dead".equals(QuarkusTransaction.requiringNew()
                .call(() -> Action.<Action> findAll().firstResultOptional().map(a -> a.status.wire()).orElse(""))));
        signIn("test-admin-key");
        browser.get(url("/console/status"));
        screenshot("status");
        browser.findElement(By.xpath("//button[normalize-space()='Retry']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[id^=dead-]"), "Queued again"));
        await().atMost(PATIENCE).until(() -> Integer.valueOf(120).equals(SandboxControl.sandbox()
                .get("/sandbox/v2/agents/alice@example.com").then().extract().path("wrap_up_time")));
    }

    @Test
    void aRuleNamedLikeMarkupIsShownAsText() {
        String name = "<img src=x onerror=alert(1)>";
        rule(ALICE_OFFLINE.replace("Support follows Alice", name));
        signIn("test-admin-key");
        WebElement link = browser.findElement(By.cssSelector("#rules-table td a"));
        assertEquals(name, link.getText());
        assertTrue(browser.findElements(By.cssSelector("main img")).isEmpty(), "no image element was made");
        link.click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), name));
        assertTrue(browser.findElements(By.cssSelector("main img")).isEmpty());
    }

    @Test
    void theAccountAndAPhoneSizedScreen() {
        rule(ALICE_OFFLINE);
        signIn("test-viewer-key");
        browser.get(url("/console/account"));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("alice@example.com"));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("ago"));
        screenshot("account");
        browser.manage().window().setSize(new Dimension(375, 812));
        for (String page : List.of("/console/rules", "/console/traces", "/console/status", "/console/account")) {
            browser.get(url(page));
            long width = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
            long viewport = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;");
            assertTrue(width <= viewport, page + " is " + width + " px wide in a " + viewport + " px window");
        }
        browser.get(url("/console/rules"));
        screenshot("rules-375px");
    }

    @Test
    void swaggerUiWorksWithTheConsoleSession() {
        signIn("test-viewer-key");
        browser.get(url("/q/openapi?format=json"));
        assertTrue(browser.getPageSource().contains("/api/rules"), "the OpenAPI document, with the session cookie");
        browser.get(url("/q/swagger-ui/"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Rules"));
        consoleErrors(); // Swagger UI is the framework's page, with its own console output
    }
}
