package io.switchboard.action;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.context.ManagedExecutor;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.RetryAfter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends {@code webhook.post} actions without blocking. Every try of one action carries
 * {@code Idempotency-Key: action-<id>}, so a receiver can drop a repeat (a retry after a lost
 * answer, a takeover after a crash). A 408, 429 or 5xx is retried, after the receiver's
 * {@code Retry-After} when it gave a readable one ({@link RetryAfter}; {@link RetryPolicy} cuts it
 * to {@code switchboard.actions.max-backoff}); any other 4xx is final.
 *
 * <p>Each try checks its target again ({@link WebhookTargets#resolve}: one lookup, every address
 * checked, off the event loop) and then connects to the checked address itself — the Vert.x
 * client is given that socket address as the server, and the URL's host only for the Host header
 * and for TLS (SNI and certificate verification against the name, as for any https request).
 * That is why this is not the JDK's HttpClient: it resolves the name again when it connects,
 * which is the DNS-rebinding window; sending to the bare IP with a Host header would break TLS.
 */
@ApplicationScoped
public class WebhookPoster {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The receiver's answer, as far as a retry decision needs it. */
    record Answer(int status, String retryAfter) {
    }

    /** Sends one request to the checked target (the network, or a test's recorder). */
    @FunctionalInterface
    interface Exchange {
        CompletionStage<Answer> post(WebhookTargets.Target target, String body, long actionId);
    }

    @Inject
    WebhookTargets targets;

    @Inject
    Vertx vertx;

    @Inject
    ManagedExecutor managedExecutor;

    @Inject
    Clock clock;

    /** Where the lookup runs (the managed pool; tests run it inline). */
    Executor lookups;

    Exchange exchange;

    private HttpClient http;

    @PostConstruct
    void start() {
        lookups = managedExecutor;
        http = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setKeepAlive(true)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()));
        exchange = this::send;
    }

    @PreDestroy
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    public CompletionStage<SendResult> post(String url, JsonNode body, long actionId) {
        String json = body == null ? "{}" : body.toString();
        return CompletableFuture.supplyAsync(() -> targets.resolve(url), lookups).thenCompose(resolution -> {
            if (resolution instanceof WebhookTargets.Refused refused) {
                return CompletableFuture.completedFuture(SendResult.refused("POST", url, 0, "url " + refused.why()));
            }
            if (resolution instanceof WebhookTargets.Unresolved unresolved) {
                return CompletableFuture.completedFuture(SendResult.retry("POST", url, 0, unresolved.why(), null));
            }
            WebhookTargets.Target target = (WebhookTargets.Target) resolution;
            return exchange.post(target, json, actionId).handle((answer, failure) -> failure != null
                    ? SendResult.retry("POST", url, 0, unreachable(failure), null)
                    : result(url, answer));
        });
    }

    /** What the receiver's answer means for the action. */
    SendResult result(String url, Answer answer) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return new SendResult(SendResult.Outcome.SUCCEEDED, "POST", url, status, null, null);
        }
        String error = "the receiver answered " + status;
        if (status == 408 || status == 429 || status >= 500) {
            return SendResult.retry("POST", url, status, error,
                    RetryAfter.parse(answer.retryAfter(), clock.instant()).orElse(null));
        }
        return SendResult.refused("POST", url, status, error);
    }

    private CompletionStage<Answer> send(WebhookTargets.Target target, String body, long actionId) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(target.pathAndQuery())
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis())
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", "Switchboard")
                .putHeader("Idempotency-Key", "action-" + actionId);
        return http.request(options).compose(request -> request.send(body)).map(response -> {
            // Only the status and Retry-After matter; the body is drained so the connection can be reused.
            response.exceptionHandler(ignored -> { }).handler(ignored -> { });
            return new Answer(response.statusCode(), response.getHeader("Retry-After"));
        }).toCompletionStage();
    }

    private static String unreachable(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof TimeoutException ? "no answer in time" : "unreachable: " + cause.getClass().getSimpleName();
    }
}
