package io.switchboard.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Console sign-in sessions, stored in the database so every replica and a restart honour them
 * and signing out ends them everywhere. The browser gets 256 random bits as the session id;
 * the table keeps their SHA-256, so reading the table gives no session away. Each session has
 * its own CSRF token (a synchronizer token) that every change made with the session must carry.
 */
@ApplicationScoped
public class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @Inject
    ApiKeyIdentityProvider keys;

    /** A session just opened: the id goes into the cookie, and nowhere else. */
    public record Opened(String id, Instant expiresAt) {
    }

    /** Signs in with an API key: a new session for its role, or empty when the key is not accepted. */
    @Transactional
    public Optional<Opened> open(String key) {
        String keyHash = key == null || key.isBlank() ? null : ApiKeyIdentityProvider.hash(key.trim());
        Optional<ApiKeyIdentityProvider.Role> role = keys.roleOfHash(keyHash);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ConsoleSession.delete("expiresAt < ?1", now);
        String id = token();
        ConsoleSession session = new ConsoleSession();
        session.idHash = ApiKeyIdentityProvider.hash(id);
        session.role = role.get().name();
        session.keyHash = keyHash;
        session.csrfToken = token();
        session.createdAt = now;
        session.expiresAt = now.plus(config.sessionLifetime());
        session.persist();
        return Optional.of(new Opened(id, session.expiresAt));
    }

    /** The live session of this id: not expired, and its key still accepted with the same role. */
    @Transactional
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            return Optional.empty();
        }
        ConsoleSession session = ConsoleSession.findById(ApiKeyIdentityProvider.hash(id));
        if (session == null || !session.expiresAt.isAfter(clock.instant())
                || !keys.roleOfHash(session.keyHash).map(r -> r.name().equals(session.role)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Signs out: the session ends for every replica at once. */
    @Transactional
    public void close(String id) {
        if (id != null && !id.isBlank()) {
            ConsoleSession.deleteById(ApiKeyIdentityProvider.hash(id));
        }
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
