package io.switchboard.snapcall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.RetryAfter;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The one place that turns a SnapCall error answer into a typed {@link SnapCallException},
 * whose message keeps SnapCall's most specific text ({@link #errorText}): that message is what
 * attempts, traces, poller errors and logs show.
 */
public class SnapCallErrors implements ResponseExceptionMapper<SnapCallException> {

    private static final int MAX_MESSAGE = 300;

    private final ObjectMapper json;

    public SnapCallErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public SnapCallException toThrowable(Response response) {
        int status = response.getStatus();
        String message = "SnapCall answered " + status + ": " + errorText(status, body(response));
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

    private static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (see {@link RetryAfter}); null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        return RetryAfter.parse(header, now).orElse(null);
    }

    /**
     * SnapCall's most specific explanation: {@code message} (a string, or several joined), then
     * {@code error} (a string, or an object with a {@code message}), then a body that is not
     * JSON as it came, then the status line. Its error bodies are not documented: we have seen
     * {@code {"statusCode": 400, "error": "Bad Request", "message": "\"active\" must be a boolean"}},
     * where {@code error} is only the status line again.
     */
    String errorText(int status, String body) {
        String text = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode answer = json.readTree(body);
                text = answer.isObject() ? detail(answer) : readable(answer);
            } catch (Exception notJson) {
                // SnapCall's raw answer (a proxy's page, plain text) is still the best explanation we have
                text = body.strip();
            }
        }
        if (text == null || text.isBlank()) {
            Response.Status known = Response.Status.fromStatusCode(status);
            text = known != null ? known.getReasonPhrase() : "HTTP " + status;
        }
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }

    private static String detail(JsonNode answer) {
        String message = readable(answer.get("message"));
        return message != null ? message : readable(answer.get("error"));
    }

    /** A string, strings joined with "; ", or an object's own {@code message}/{@code error}; null when none. */
    private static String readable(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText().isBlank() ? null : value.asText();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(item -> {
                String part = readable(item);
                if (part != null) {
                    parts.add(part);
                }
            });
            return parts.isEmpty() ? null : String.join("; ", parts);
        }
        return value.isObject() ? detail(value) : null;
    }
}
