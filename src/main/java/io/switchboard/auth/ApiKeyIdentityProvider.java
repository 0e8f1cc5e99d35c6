package io.switchboard.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Who an API key belongs to. Keys come from configuration; when none is configured the API
 * stays closed: an admin key is generated once, only its hash is stored, and the key itself is
 * written to {@code switchboard.auth.generated-key-file} — never to the log. Only SHA-256
 * hashes are held in memory; a presented key is compared with every one of them in constant
 * time, so timing says nothing about which key was close. Matching needs no I/O, so it runs on
 * the event loop.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

    /** The identity attribute holding the hash of the key it was authenticated with. */
    public static final String KEY_HASH = "switchboard.key-hash";

    public enum Role {
        ADMIN, VIEWER;

        /** The roles an identity of this key carries: an admin may do all a viewer may. */
        List<String> granted() {
            return switch (this) {
                case ADMIN -> List.of(Roles.ADMIN, Roles.VIEWER);
                case VIEWER -> List.of(Roles.VIEWER);
            };
        }
    }

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    /** SHA-256 (hex) of each accepted key → its role. */
    private final Map<String, Role> byHash = new ConcurrentHashMap<>();

    @Transactional
    void onStart(@Observes StartupEvent start) {
        config.adminKeys().orElse(List.of()).forEach(k -> accept(k, Role.ADMIN));
        config.viewerKeys().orElse(List.of()).forEach(k -> accept(k, Role.VIEWER));
        if (!byHash.isEmpty()) {
            return;
        }
        List<ApiKey> generated = ApiKey.listAll();
        if (generated.isEmpty()) {
            generated = List.of(generate());
        }
        generated.forEach(k -> byHash.put(k.keyHash, Role.valueOf(k.role)));
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        String hash = request.key() == null || request.key().isBlank() ? null : hash(request.key().trim());
        Optional<Role> role = roleOfHash(hash);
        if (role.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown API key"));
        }
        return Uni.createFrom().item(identity(role.get(), hash, "key"));
    }

    /** The role of the key whose hash this is, while that key is still accepted. */
    public Optional<Role> roleOfHash(String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        byte[] presented = hash.getBytes(StandardCharsets.US_ASCII);
        Role found = null;
        for (Map.Entry<String, Role> entry : byHash.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.US_ASCII))) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * An identity for a key of this role. The principal names the role and the first hex
     * digits of the key's hash — enough to tell keys apart in a log, nothing to guess a key from.
     */
    public static SecurityIdentity identity(Role role, String keyHash, String via) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(role.name().toLowerCase() + "-key:" + keyHash.substring(0, 8)))
                .addRoles(Set.copyOf(role.granted()))
                .addAttribute(KEY_HASH, keyHash)
                .addAttribute("switchboard.via", via)
                .build();
    }

    private void accept(String key, Role role) {
        if (!key.isBlank()) {
            byHash.put(hash(key.trim()), role);
        }
    }

    private ApiKey generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String key = "sb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey stored = new ApiKey();
        stored.role = Role.ADMIN.name();
        stored.keyHash = hash(key);
        stored.createdAt = clock.instant();
        stored.persist();
        try {
            var file = config.generatedKeyFile().toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, key + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file stays with the directory's permissions
            }
            LOG.warnf("No API key configured (switchboard.auth.admin-keys): generated an admin key and wrote it to %s."
                    + " Read it once, then keep it somewhere safe or configure your own keys.", file);
        } catch (IOException e) {
            LOG.errorf("No API key configured and the generated one could not be written to %s (%s):"
                    + " configure switchboard.auth.admin-keys", config.generatedKeyFile(), e.getMessage());
        }
        return stored;
    }

    /** SHA-256 of a key, hex: what is stored and compared, never the key. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
