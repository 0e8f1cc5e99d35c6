package io.switchboard.action;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The IANA special-purpose address ranges (RFC 6890 and its successors) a {@code webhook.post}
 * must not reach by accident. Two kinds, because two kinds of operator intent exist:
 * <ul>
 * <li>{@link Kind#INTERNAL} — loopback, private, shared (carrier-grade NAT, also Tailscale),
 * unique-local: real services live there, so a host listed by its exact name may resolve to
 * one (the operator said so); a {@code *.domain} wildcard never reaches them.</li>
 * <li>{@link Kind#RESERVED} — unspecified, link-local (cloud metadata at 169.254.169.254),
 * multicast, broadcast, documentation, benchmarking, NAT64 and 6to4 (they embed any IPv4,
 * internal ones too), 240.0.0.0/4, and every IPv6 address outside 2000::/3: no webhook receiver
 * lives there, so nothing allows them.</li>
 * </ul>
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are judged by their IPv4 address. Pure:
 * no lookup, no I/O.
 */
final class AddressRanges {

    enum Kind {
        INTERNAL, RESERVED
    }

    record Range(String cidr, String name, Kind kind, byte[] prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }

        @Override
        public String toString() {
            return cidr + ", " + name;
        }
    }

    /** Most specific first where ranges nest (broadcast inside 240.0.0.0/4). */
    static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", "this network", Kind.RESERVED),
            range("10.0.0.0/8", "private", Kind.INTERNAL),
            range("100.64.0.0/10", "shared address space (carrier-grade NAT)", Kind.INTERNAL),
            range("127.0.0.0/8", "loopback", Kind.INTERNAL),
            range("169.254.0.0/16", "link-local (cloud metadata)", Kind.RESERVED),
            range("172.16.0.0/12", "private", Kind.INTERNAL),
            range("192.0.0.0/24", "IETF protocol assignments", Kind.RESERVED),
            range("192.0.2.0/24", "documentation (TEST-NET-1)", Kind.RESERVED),
            range("192.88.99.0/24", "6to4 relay anycast", Kind.RESERVED),
            range("192.168.0.0/16", "private", Kind.INTERNAL),
            range("198.18.0.0/15", "benchmarking", Kind.RESERVED),
            range("198.51.100.0/24", "documentation (TEST-NET-2)", Kind.RESERVED),
            range("203.0.113.0/24", "documentation (TEST-NET-3)", Kind.RESERVED),
            range("224.0.0.0/4", "multicast", Kind.RESERVED),
            range("255.255.255.255/32", "limited broadcast", Kind.RESERVED),
            range("240.0.0.0/4", "reserved", Kind.RESERVED),
            range("::/128", "unspecified", Kind.RESERVED),
            range("::1/128", "loopback", Kind.INTERNAL),
            range("64:ff9b::/96", "NAT64 (embeds any IPv4 address)", Kind.RESERVED),
            range("64:ff9b:1::/48", "local-use NAT64", Kind.RESERVED),
            range("100::/64", "discard-only", Kind.RESERVED),
            range("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID)", Kind.RESERVED),
            range("2001:db8::/32", "documentation", Kind.RESERVED),
            range("2002::/16", "6to4 (embeds any IPv4 address)", Kind.RESERVED),
            range("3fff::/20", "documentation", Kind.RESERVED),
            range("5f00::/16", "segment routing (SRv6)", Kind.RESERVED),
            range("fc00::/7", "unique local", Kind.INTERNAL),
            range("fec0::/10", "site-local (deprecated)", Kind.INTERNAL),
            range("fe80::/10", "link-local", Kind.RESERVED),
            range("ff00::/8", "multicast", Kind.RESERVED));

    /** Everything in IPv6 that is not global unicast is reserved by IANA (IPv4-compatible ::/96 too). */
    private static final Range GLOBAL_UNICAST = range("2000::/3", "global unicast", Kind.RESERVED);
    private static final Range NOT_GLOBAL = range("::/0", "outside 2000::/3 (not global unicast)", Kind.RESERVED);

    private AddressRanges() {
    }

    /** The special range the address is in, if any. */
    static Optional<Range> of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (mappedIpv4(bytes)) {
            byte[] v4 = new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
            return RANGES.stream().filter(r -> r.contains(v4)).findFirst();
        }
        Optional<Range> listed = RANGES.stream().filter(r -> r.contains(bytes)).findFirst();
        if (listed.isPresent() || bytes.length == 4 || GLOBAL_UNICAST.contains(bytes)) {
            return listed;
        }
        return Optional.of(NOT_GLOBAL);
    }

    /** {@code ::ffff:a.b.c.d} — Java usually hands these out as IPv4 already, but a resolver may not. */
    private static boolean mappedIpv4(byte[] bytes) {
        if (bytes.length != 16 || (bytes[10] & 0xff) != 0xff || (bytes[11] & 0xff) != 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(String cidr, String name, Kind kind) {
        int slash = cidr.indexOf('/');
        try {
            // Literals only: InetAddress parses them without any lookup.
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (cidr.contains(":") && prefix.length == 4) {
                // "::ffff:…"-style literals come back as IPv4; none is listed, but never mix the families
                throw new IllegalStateException("IPv6 range parsed as IPv4: " + cidr);
            }
            return new Range(cidr, name, kind, prefix, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad range " + cidr, e);
        }
    }
}
