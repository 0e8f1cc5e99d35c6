package io.switchboard.snapcall;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.RetryAfter;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The one place that turns a SnapCall error answer into a typed {@link SnapCallException}. */
public class SnapCallErrors implements ResponseExceptionMapper<SnapCallException> {

    private static final int MAX_MESSAGE = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public SnapCallException toThrowable(Response response) {
        int status = response.getStatus();
        String message = "SnapCall answered " + status + ": " + errorText(response);
        return switch (status) {
            case 401, 403 -> new SnapCallException.Authentication(status, message);
            case 404 -> new SnapCallException.NotFound(message);
            case 408 -> new SnapCallException.Transient(status, message, null);
            case 429 -> new SnapCallException.RateLimited(message,
                    retryAfter(response.getHeaderString(HttpHeaders.RETRY_AFTER), Instant.now()));
            default -> status >= 500
                    ? new SnapCallException.Transient(status, message, null)
                    : new SnapCallException.Rejected(status, message);
        };
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (see {@link RetryAfter}); null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        return RetryAfter.parse(header, now).orElse(null);
    }

    private static String errorText(Response response) {
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            body = "";
        }
        String text = body;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                text = error.asText();
            } else if (error.isObject() && error.path("message").isTextual()) {
                text = error.path("message").asText();
            }
        } catch (Exception notJson) {
            // keep the raw body: SnapCall's answer is still the best explanation we have
        }
        if (text == null || text.isBlank()) {
            text = Response.Status.fromStatusCode(response.getStatus()) != null
                    ? Response.Status.fromStatusCode(response.getStatus()).getReasonPhrase()
                    : "no message";
        }
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }
}
