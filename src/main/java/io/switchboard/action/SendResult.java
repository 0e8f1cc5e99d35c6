package io.switchboard.action;

import java.time.Duration;

/** How one attempt went: what was sent, and whether to stop or try again (after {@code retryAfter} if SnapCall said). */
public record SendResult(Outcome outcome, String method, String target, int httpStatus, String error,
        Duration retryAfter) {

    public enum Outcome {
        SUCCEEDED, NO_CHANGE, RETRY, REFUSED
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
}
