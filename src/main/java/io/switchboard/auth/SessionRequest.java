package io.switchboard.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A console session cookie, to be matched by {@link SessionIdentityProvider}. {@code changes}:
 * the request may change something (not GET, HEAD or OPTIONS), so it must carry the session's
 * CSRF token, given here as {@code csrfToken} (from the {@code X-CSRF-Token} header).
 */
public final class SessionRequest extends BaseAuthenticationRequest {

    private final String sessionId;
    private final boolean changes;
    private final String csrfToken;

    public SessionRequest(String sessionId, boolean changes, String csrfToken) {
        this.sessionId = sessionId;
        this.changes = changes;
        this.csrfToken = csrfToken;
    }

    public String sessionId() {
        return sessionId;
    }

    public boolean changes() {
        return changes;
    }

    public String csrfToken() {
        return csrfToken;
    }
}
