package io.switchboard.snapcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which keys the client uses, from configuration alone. */
class SnapCallTargetTest {

    @Test
    void partnerKeyIsTheConfiguredOne() {
        assertEquals("pk_partner", target(Optional.of("sk_user"), Optional.of("pk_partner")).partnerApiKey());
    }

    @Test
    void withoutAPartnerKeyThePartnerCallsCarryTheAccountKey() {
        SnapCallTarget real = target(Optional.of("sk_user"), Optional.empty());
        assertNull(real.partnerApiKey());
        assertEquals("sk_user", real.apiKey());
        assertNull(target(Optional.of("sk_user"), Optional.of(" ")).partnerApiKey(), "a blank key is no key");
    }

    @Test
    void theEmbeddedSandboxIsCalledWithItsOwnTwoKeys() {
        SnapCallTarget sandbox = target(Optional.empty(), Optional.empty());
        assertEquals("sandbox-key", sandbox.apiKey());
        assertEquals("sandbox-partner-key", sandbox.partnerApiKey());
    }

    private static SnapCallTarget target(Optional<String> apiKey, Optional<String> partnerKey) {
        SnapCallTarget target = new SnapCallTarget();
        target.sandboxKey = "sandbox-key";
        target.sandboxPartnerKey = "sandbox-partner-key";
        target.config = new SnapCallConfig() {
            @Override
            public Optional<URI> url() {
                return Optional.empty();
            }

            @Override
            public Optional<String> apiKey() {
                return apiKey;
            }

            @Override
            public Optional<String> partnerApiKey() {
                return partnerKey;
            }

            @Override
            public AuthScheme auth() {
                return AuthScheme.BEARER;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }
        };
        return target;
    }
}
