package io.switchboard;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This process's name among the replicas: the owner written on the actions it claims. New at
 * every start (host name plus a random suffix), so a restarted replica never mistakes its
 * previous life's claims for live ones.
 */
@ApplicationScoped
public class InstanceId {

    @ConfigProperty(name = "switchboard.instance-id")
    Optional<String> configured;

    private String id;

    @PostConstruct
    void init() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "switchboard";
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String name = configured.orElse(host) + "-" + HexFormat.of().formatHex(random);
        id = name.length() <= 80 ? name : name.substring(name.length() - 80);
    }

    public String id() {
        return id;
    }
}
