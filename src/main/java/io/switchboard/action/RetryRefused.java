package io.switchboard.action;

/** Why a retry was not done: the action does not exist, or it is not dead (only dead actions are retried). */
public abstract sealed class RetryRefused extends RuntimeException {

    RetryRefused(String message) {
        super(message, null, false, false);
    }

    public static final class Unknown extends RetryRefused {
        Unknown(long id) {
            super("no action with id " + id);
        }
    }

    public static final class NotDead extends RetryRefused {
        NotDead(long id, ActionStatus status) {
            super("action " + id + " is " + status.wire() + ", not dead: only a dead action can be retried");
        }
    }
}
