package io.switchboard.snapcall;

import java.time.Duration;
import java.util.Optional;

/**
 * A SnapCall request that did not succeed. Subtypes tell callers what to do next: retry
 * ({@link Transient}, {@link RateLimited}) or give up ({@link Authentication}, {@link NotFound},
 * {@link Rejected}). Messages carry SnapCall's own error text, never a credential.
 */
public abstract sealed class SnapCallException extends RuntimeException {

    private final int status;

    SnapCallException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status SnapCall answered, or 0 when no answer came (timeout, connection). */
    public int status() {
        return status;
    }

    public abstract boolean retryable();

    /** 401/403: the API key is wrong or lacks the right. */
    public static final class Authentication extends SnapCallException {
        public Authentication(int status, String message) {
            super(status, message, null);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** 404: the button, call, agent or template does not exist. */
    public static final class NotFound extends SnapCallException {
        public NotFound(String message) {
            super(404, message, null);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** 400/422 and other 4xx: SnapCall refused the request as it was written. */
    public static final class Rejected extends SnapCallException {
        public Rejected(int status, String message) {
            super(status, message, null);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** 429: too many requests; {@link #retryAfter()} says how long SnapCall asked us to wait. */
    public static final class RateLimited extends SnapCallException {
        private final Duration retryAfter;

        public RateLimited(String message, Duration retryAfter) {
            super(429, message, null);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** Not sent at all: the circuit breaker is open after too many failures. Try again once it closes. */
    public static final class CircuitOpen extends SnapCallException {
        public CircuitOpen(String message) {
            super(0, message, null);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** 5xx, 408, timeouts, dropped connections, unreadable answers: worth another try later. */
    public static final class Transient extends SnapCallException {
        public Transient(int status, String message, Throwable cause) {
            super(status, message, cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }
}
