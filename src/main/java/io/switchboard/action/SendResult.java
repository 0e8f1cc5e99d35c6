package io.switchboard.action;

import java.time.Duration;

/** How one attempt went: what was sent, and whether to stop or try again (after {@code retryAfter} if SnapCall said). */
public record SendResult(Outcome outcome, String method, String target, int httpStatus, String error,
        Duration retryAfter) {

    public enum Outcome {
        SUCCEEDED, NO_CHANGE, RETRY, REFUSED,
        /** Not tried (SnapCall's circuit is open): rescheduled without counting an attempt. */
        DEFERRED
    }

    public static SendResult deferred(String method, String target, String why, Duration wait) {
        return new SendResult(Outcome.DEFERRED, method, target, 0, why, wait);
    }

    public static SendResult succeeded(String method, String target) {
        return new SendResult(Outcome.SUCCEEDED, method, target, 200, null, null);
    }

    public static SendResult noChange(String method, String target, String why) {
        return new SendResult(Outcome.NO_CHANGE, method, target, 0, why, null);
    }

    public static SendResult refused(String method, String target, int status, String error) {
        return new SendResult(Outcome.REFUSED, method, target, status, error, null);
    }

    public static SendResult retry(String method, String target, int status, String error, Duration retryAfter) {
        return new SendResult(Outcome.RETRY, method, target, status, error, retryAfter);
    }

    /**
     * Whether SnapCall may have acted on the request: it did (success), or no answer says it did
     * not (a timeout, a dropped connection, a 5xx). A 429 or 408, a refusal, or a request never
     * sent (circuit open) left it untouched.
     */
    public boolean mayHaveReachedSnapCall() {
        return switch (outcome) {
            case SUCCEEDED, NO_CHANGE -> true;
            case RETRY -> httpStatus != 429 && httpStatus != 408;
            case REFUSED, DEFERRED -> false;
        };
    }
}
