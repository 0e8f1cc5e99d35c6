package io.switchboard.sandbox;

import static io.switchboard.SandboxControl.sandbox;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A replica pointed at a shared SnapCall turns its own sandbox off: nothing is served under /sandbox. */
@QuarkusTest
@TestProfile(SandboxDisabledTest.Disabled.class)
class SandboxDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.sandbox.enabled", "false");
        }
    }

    @Test
    void disabledSandboxAnswersNotFound() {
        sandbox().get("/sandbox/v2/buttons").then().statusCode(404).body("error", equalTo("the sandbox is disabled"));
        sandbox().post("/sandbox/_control/reset").then().statusCode(404);
    }
}
