package io.switchboard.auth;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A console sign-in: the browser holds a random session id in an HttpOnly cookie; this row
 * holds only its SHA-256, the role and the hash of the key signed in with (the session ends
 * when that key is no longer accepted), and the session's CSRF token.
 */
@Entity
@Table(name = "console_sessions")
public class ConsoleSession extends PanacheEntityBase {

    @Id
    @Column(name = "id_hash", length = 64)
    public String idHash;

    @Column(nullable = false, length = 20)
    public String role;

    @Column(name = "key_hash", nullable = false, length = 64)
    public String keyHash;

    @Column(name = "csrf_token", nullable = false, length = 64)
    public String csrfToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
