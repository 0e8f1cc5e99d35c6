package io.switchboard;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Drives the embedded sandbox's control API from tests: reset, faults, request log. */
public final class SandboxControl {

    public static final String KEY = "sandbox-key";

    private SandboxControl() {
    }

    public static RequestSpecification sandbox() {
        return given().auth().oauth2(KEY).contentType(ContentType.JSON);
    }

    /** The sandbox under another key (a test that makes the sandbox accept a real-looking key). */
    public static RequestSpecification sandboxWithKey(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON);
    }

    /**
     * The status of a request whose body is over the size limit: the server answers 413 and
     * closes the connection, which may reach the client while it is still writing (a broken
     * pipe) — either way the body was refused.
     */
    public static int statusOfOversized(IntSupplier request) {
        try {
            return request.getAsInt();
        } catch (Exception e) { // REST Assured throws the socket's IOException unchecked
            Throwable cause = e;
            while (cause != null && !(cause instanceof IOException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw e;
            }
            return 413;
        }
    }

    public static void reset() {
        sandbox().post("/sandbox/_control/reset").then().statusCode(200);
    }

    /** Injects a fault, e.g. {@code Map.of("status", 500, "count", 2, "path", "^/v2/buttons")}. */
    public static void fault(Map<String, Object> fault) {
        sandbox().body(fault).post("/sandbox/_control/faults").then().statusCode(200);
    }

    /** Requests the sandbox API received whose method matches and whose path contains the pattern. */
    public static List<Map<String, Object>> requests(String method, String pathPattern) {
        return sandbox().queryParam("method", method).queryParam("path", pathPattern)
                .get("/sandbox/_control/requests").then().statusCode(200).extract().jsonPath().getList("$");
    }

    public static int count(String method, String pathPattern) {
        return requests(method, pathPattern).size();
    }
}
