package io.switchboard.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.switchboard.auth.Roles;
import io.switchboard.auth.SessionIdentityProvider;

/**
 * Who is looking at a console page: whether edit controls are drawn (admins only — a viewer's
 * pages have none), and the session's CSRF token that htmx sends with every change.
 */
public record Viewer(String name, boolean admin, String csrf) {

    /** Nobody signed in yet (the sign-in page). */
    static final Viewer ANONYMOUS = new Viewer(null, false, null);

    public boolean signedIn() {
        return name != null;
    }

    static Viewer of(SecurityIdentity identity) {
        return new Viewer(identity.getPrincipal().getName(), identity.hasRole(Roles.ADMIN),
                identity.getAttribute(SessionIdentityProvider.CSRF_TOKEN));
    }

    /** The {@code hx-headers} of the page: htmx adds them to each request it makes. */
    public String htmxHeaders() {
        return csrf == null ? "{}" : "{\"X-CSRF-Token\": \"" + csrf + "\"}";
    }

    public String role() {
        return admin ? "admin" : "viewer";
    }
}
