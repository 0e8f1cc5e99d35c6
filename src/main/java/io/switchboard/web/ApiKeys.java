package io.switchboard.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Who a Bearer key belongs to. Keys come from configuration; when none is configured the API
 * stays closed: an admin key is generated once, only its hash is stored, and the key itself is
 * written to {@code switchboard.auth.generated-key-file} — never to the log.
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    public enum Role {
        ADMIN, VIEWER
    }

    @Inject
    AuthConfig config;

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

    public Optional<Role> roleOf(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = hash(key.trim()).getBytes(StandardCharsets.US_ASCII);
        Role found = null;
        // Compare against every hash, always, so timing says nothing about which key was close.
        for (Map.Entry<String, Role> entry : byHash.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.US_ASCII))) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
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
        stored.createdAt = Instant.now();
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

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
