package io.switchboard.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** webhook.post must not become a way into the private network. */
class WebhookTargetsTest {

    static WebhookTargets allowing(String... hosts) {
        WebhookTargets targets = new WebhookTargets();
        targets.config = () -> Optional.of(List.of(hosts));
        return targets;
    }

    @Test
    void privateAndLoopbackAddressesAreInternal() {
        assertTrue(WebhookTargets.internal("127.0.0.1"));
        assertTrue(WebhookTargets.internal("10.1.2.3"));
        assertTrue(WebhookTargets.internal("192.168.0.10"));
        assertTrue(WebhookTargets.internal("169.254.169.254"), "cloud metadata endpoint");
        assertTrue(WebhookTargets.internal("::1"));
        assertFalse(WebhookTargets.internal("93.184.216.34"));
    }

    @Test
    void aWildcardDoesNotReachPrivateAddressesButAnExactNameDoes() {
        WebhookTargets targets = allowing("*.0.0.1", "10.0.0.7");
        assertTrue(targets.refusal("http://127.0.0.1/hook").orElseThrow().contains("private or loopback"));
        assertEquals(Optional.empty(), targets.refusal("http://10.0.0.7/hook"), "listed by its exact name");
    }

    @Test
    void unlistedHostsSchemesAndCredentialsAreRefused() {
        WebhookTargets targets = allowing("hooks.example.com");
        assertTrue(targets.refusal("https://other.example.com/x").isPresent());
        assertTrue(targets.refusal("file:///etc/passwd").isPresent());
        assertTrue(targets.refusal("https://user:pw@hooks.example.com/x").isPresent());
        assertEquals(Optional.empty(), targets.refusal("https://hooks.example.com/x"));
    }

    @Test
    void savingARuleChecksLiteralAddressesButLooksNoNameUp() {
        WebhookTargets targets = allowing("*.example.org", "169.254.169.254", "[::1]");
        targets.resolver = host -> {
            throw new AssertionError("looked up " + host + " at save time");
        };
        assertEquals(Optional.empty(), targets.refusal("https://anything.example.org/x"));
        assertTrue(targets.refusal("http://169.254.169.254/latest/meta-data").orElseThrow().contains("reserved"),
                "listed by its exact name, and still refused");
        assertEquals(Optional.empty(), targets.refusal("http://[::1]:8080/x"), "loopback listed by its exact name");
        assertTrue(targets.refusal("http://0177.0.0.1.example.org/x").isEmpty(), "a name, not a literal");
    }
}
