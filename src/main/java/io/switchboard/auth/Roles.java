package io.switchboard.auth;

/**
 * The two roles a key (and a console session signed in with it) carries. An admin identity
 * carries both, so {@code @RolesAllowed(VIEWER)} means "anyone signed in" and
 * {@code @RolesAllowed(ADMIN)} marks the calls that change something.
 */
public final class Roles {

    /** Reads, validates and dry-runs. */
    public static final String VIEWER = "viewer";

    /** Everything a viewer may, and changes. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
