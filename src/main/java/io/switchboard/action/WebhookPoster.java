package io.switchboard.action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sends {@code webhook.post} actions; the allow-list is checked again at send time. */
@ApplicationScoped
public class WebhookPoster {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    WebhookTargets targets;

    public SendResult post(String url, JsonNode body) {
        var refusal = targets.refusal(url);
        if (refusal.isPresent()) {
            return SendResult.refused("POST", url, 0, "url " + refusal.get());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "Switchboard")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.toString())).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new SendResult(SendResult.Outcome.SUCCEEDED, "POST", url, status, null, null);
            }
            String error = "the receiver answered " + status;
            if (status == 408 || status == 429 || status >= 500) {
                return SendResult.retry("POST", url, status, error, response.headers().firstValue("Retry-After")
                        .flatMap(v -> {
                            try {
                                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
                            } catch (NumberFormatException e) {
                                return java.util.Optional.empty();
                            }
                        }).orElse(null));
            }
            return SendResult.refused("POST", url, status, error);
        } catch (IOException e) {
            return SendResult.retry("POST", url, 0, "unreachable: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry("POST", url, 0, "interrupted", null);
        }
    }
}
