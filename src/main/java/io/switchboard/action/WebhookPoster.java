package io.switchboard.action;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends {@code webhook.post} actions without blocking; the allow-list is checked again at send
 * time. Every try of one action carries {@code Idempotency-Key: action-<id>}, so a receiver
 * can drop a repeat (a retry after a lost answer, a takeover after a crash).
 */
@ApplicationScoped
public class WebhookPoster {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    WebhookTargets targets;

    public CompletionStage<SendResult> post(String url, JsonNode body, long actionId) {
        var refusal = targets.refusal(url);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(SendResult.refused("POST", url, 0, "url " + refusal.get()));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "Switchboard")
                .header("Idempotency-Key", "action-" + actionId)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.toString())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                return SendResult.retry("POST", url, 0, cause instanceof HttpTimeoutException ? "no answer in time"
                        : "unreachable: " + cause.getClass().getSimpleName(), null);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new SendResult(SendResult.Outcome.SUCCEEDED, "POST", url, status, null, null);
            }
            String error = "the receiver answered " + status;
            if (status == 408 || status == 429 || status >= 500) {
                return SendResult.retry("POST", url, status, error,
                        response.headers().firstValue("Retry-After").flatMap(WebhookPoster::seconds).orElse(null));
            }
            return SendResult.refused("POST", url, status, error);
        });
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
