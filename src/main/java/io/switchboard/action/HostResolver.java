package io.switchboard.action;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Turns a host name into its addresses — the one lookup a {@code webhook.post} gets. Blocking
 * (the system resolver honours /etc/hosts and the JVM's DNS cache), so it is called off the event
 * loop. A bean so tests can answer for names without any DNS traffic.
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver, unless another bean (a test's) answers instead. */
    @ApplicationScoped
    class Producer {

        @Produces
        @DefaultBean
        @Singleton
        HostResolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }
}
