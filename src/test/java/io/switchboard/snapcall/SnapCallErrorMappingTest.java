package io.switchboard.snapcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.SandboxControl;
import jakarta.inject.Inject;

/** Every way SnapCall can fail reaches callers as a typed exception, and none of them leaks the key. */
@QuarkusTest
class SnapCallErrorMappingTest {

    static final String SUPPORT = "0846f80abb1c11e7b62e";

    @Inject
    SnapCallClient client;

    @Inject
    SnapCallTarget target;

    @Inject
    SnapCallBreaker breaker;

    @Inject
    ObjectMapper json;

    @Inject
    io.switchboard.Metrics metrics;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void freshSandbox() {
        breakers.resetAll();
        SandboxControl.reset();
    }

    @Test
    void theServiceTalksToItsEmbeddedSandboxByDefault() {
        assertEquals("http://localhost:" + RestAssured.port + "/sandbox", target.baseUri().toString());
        assertEquals("demo@switchboard.example", client.me().email());
    }

    @Test
    void wrongKeyIsAnAuthenticationErrorThatDoesNotEchoTheKey() {
        SnapCallClient wrong = clientWith(SnapCallConfig.AuthScheme.BEARER, "not-the-key");
        var e = assertThrows(SnapCallException.Authentication.class, wrong::me);
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains("not-the-key"));
        assertFalse(e.retryable());
    }

    @Test
    void basicAuthWithTheKeyAsUserNameIsAccepted() {
        SnapCallClient basic = clientWith(SnapCallConfig.AuthScheme.BASIC, SandboxControl.KEY);
        assertEquals("4242", basic.me().id());
    }

    @Test
    void notFoundIsTyped() {
        assertThrows(SnapCallException.NotFound.class, () -> client.getButton("00000000000000000000"));
    }

    @Test
    void unprocessableIsRejectedWithSnapCallsMessage() {
        SandboxControl.fault(Map.of("status", 422, "body", "{\"error\":\"cart_value too large\"}", "count", 1));
        var e = assertThrows(SnapCallException.Rejected.class, () -> client.getButton(SUPPORT));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("cart_value too large"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void snapCallsMessageIsKeptRatherThanItsErrorTitle() {
        SandboxControl.fault(Map.of("status", 400, "count", 1, "body",
                "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"\\\"active\\\" must be a boolean\"}"));
        var e = assertThrows(SnapCallException.Rejected.class, () -> client.getButton(SUPPORT));
        assertEquals("SnapCall answered 400: \"active\" must be a boolean", e.getMessage());
    }

    @Test
    void errorTextPrefersMessageThenErrorThenTheStatusLine() {
        SnapCallErrors errors = new SnapCallErrors(json);
        assertEquals("\"name\" is required; \"active\" must be a boolean", errors.errorText(400,
                "{\"error\":\"Bad Request\",\"message\":[\"\\\"name\\\" is required\",\"\\\"active\\\" must be a boolean\"]}"));
        assertEquals("cart_value too large", errors.errorText(422, "{\"error\":\"cart_value too large\"}"));
        assertEquals("quota exceeded", errors.errorText(400, "{\"error\":{\"message\":\"quota exceeded\"}}"));
        assertEquals("Bad Request", errors.errorText(400, "{\"statusCode\":400,\"message\":\"\"}"));
        assertEquals("Bad Request", errors.errorText(400, ""));
        assertEquals("Service Unavailable", errors.errorText(503, "{}"));
        assertEquals("upstream timed out", errors.errorText(502, "upstream timed out\n"));
        assertEquals("HTTP 499", errors.errorText(499, null));
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        SandboxControl.fault(Map.of("status", 429, "retry_after", 7, "count", 1));
        var e = assertThrows(SnapCallException.RateLimited.class, () -> client.getButton(SUPPORT));
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertTrue(e.retryable());
        assertEquals("Support", client.getButton(SUPPORT).name(), "the fault was for one request only");
    }

    @Test
    void retryAfterAlsoReadsAnHttpDate() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        assertEquals(Duration.ofSeconds(30), SnapCallErrors.retryAfter("Wed, 25 Nov 2026 10:00:30 GMT", now));
        assertEquals(Duration.ZERO, SnapCallErrors.retryAfter("Wed, 25 Nov 2026 09:00:00 GMT", now));
        assertEquals(null, SnapCallErrors.retryAfter("soon", now));
    }

    @Test
    void serverErrorIsTransient() {
        SandboxControl.fault(Map.of("status", 500, "count", 1, "path", "^/v2/users/me$"));
        var e = assertThrows(SnapCallException.Transient.class, client::me);
        assertEquals(500, e.status());
        assertTrue(e.retryable());
    }

    @Test
    void slowAnswerTimesOutAsTransient() {
        SandboxControl.fault(Map.of("latency_ms", 3000, "count", 1));
        long started = System.nanoTime();
        var e = assertThrows(SnapCallException.Transient.class, client::me);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(e.getMessage().contains("no answer in time"), e.getMessage());
        assertTrue(tookMs < 2900, "gave up after the configured 2 s, took " + tookMs + " ms");
    }

    @Test
    void droppedConnectionIsTransient() {
        SandboxControl.fault(Map.of("drop", true, "count", 1));
        assertThrows(SnapCallException.Transient.class, client::me);
    }

    @Test
    void malformedBodyIsTransient() {
        SandboxControl.fault(Map.of("malformed", true, "count", 1));
        var e = assertThrows(SnapCallException.Transient.class, () -> client.listButtons(1, 10, null, null, null));
        assertFalse(e.getMessage().contains(SandboxControl.KEY));
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndClosesWhenSnapCallRecovers() {
        SandboxControl.fault(Map.of("status", 500, "path", "^/v2/users/me$", "count", 20));
        for (int i = 0; i < 20; i++) {
            assertThrows(SnapCallException.Transient.class, client::me);
        }
        var open = assertThrows(SnapCallException.CircuitOpen.class, client::me);
        assertTrue(open.getMessage().contains("circuit open"), open.getMessage());
        assertEquals(20, SandboxControl.count("GET", "^/v2/users/me$"), "an open circuit sends nothing");
        io.restassured.RestAssured.given().get("/q/health/group/snapcall").then().statusCode(503)
                .body("checks.find { it.name == 'SnapCall' }.data.circuit", org.hamcrest.Matchers.equalTo("open"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> client.me() != null);
        client.me();
        client.me();
        assertEquals(io.smallrye.faulttolerance.api.CircuitBreakerState.CLOSED, breakers.currentState(SnapCallBreaker.NAME));
    }

    private SnapCallClient clientWith(SnapCallConfig.AuthScheme scheme, String key) {
        SnapCallClient other = new SnapCallClient();
        other.breaker = breaker;
        other.metrics = metrics;
        other.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(target.baseUri())
                .readTimeout(2, TimeUnit.SECONDS)
                .register(new SnapCallAuthentication(scheme, key, null))
                .register(new SnapCallErrors(json))
                .build(SnapCallApi.class);
        return other;
    }
}
