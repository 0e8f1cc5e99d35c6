package io.switchboard.action;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * A resolver for end-to-end tests that enable it (a test profile's alternatives): it answers the
 * names a test gave it — one answer per lookup, the last one repeated — and nothing else, so no
 * test ever sends a DNS query or reaches an address it did not choose.
 */
@Alternative
@Singleton
public class TestDns implements HostResolver {

    private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final List<String> lookups = new ArrayList<>();

    public void answer(String host, String... addresses) throws UnknownHostException {
        List<InetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            parsed.add(InetAddress.getByName(address)); // literals only: parsed, not looked up
        }
        answers.computeIfAbsent(host, h -> new ArrayList<>()).add(parsed);
    }

    public synchronized void clear() {
        answers.clear();
        lookups.clear();
    }

    public synchronized long lookups(String host) {
        return lookups.stream().filter(host::equals).count();
    }

    @Override
    public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
        int nth = (int) lookups(host);
        lookups.add(host);
        List<List<InetAddress>> known = answers.get(host);
        if (known == null) {
            throw new UnknownHostException(host);
        }
        return known.get(Math.min(nth, known.size() - 1));
    }
}
