package io.fsmgen.tcp.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 address as its 32 bits. The simulated network needs addresses that are cheap to hash and compare and that
 * never trigger a name lookup, which {@link InetAddress} cannot promise in all of its methods.
 *
 * @param bits the address in network order, most significant octet first
 */
public record Ipv4Address(int bits) {

    public static final Ipv4Address LOOPBACK = of(127, 0, 0, 1);

    /** The address {@code a.b.c.d}; each octet 0 to 255. */
    public static Ipv4Address of(int a, int b, int c, int d) {
        for (int octet : new int[] {a, b, c, d}) {
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("octet out of range: " + octet);
            }
        }
        return new Ipv4Address(a << 24 | b << 16 | c << 8 | d);
    }

    /** Parses dotted-quad text; empty when the text is not exactly four decimal octets. */
    public static Optional<Ipv4Address> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            bits = bits << 8 | octet;
        }
        return Optional.of(new Ipv4Address(bits));
    }

    public static Ipv4Address of(Inet4Address address) {
        byte[] octets = address.getAddress();
        return of(octets[0] & 0xFF, octets[1] & 0xFF, octets[2] & 0xFF, octets[3] & 0xFF);
    }

    /** The four octets in network order. */
    public byte[] octets() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /** The same address as a JDK object, built from the octets so that no lookup happens. */
    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(octets());
        } catch (UnknownHostException impossible) {
            throw new AssertionError("four octets are always a valid IPv4 address", impossible);
        }
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xFF) + "." + (bits >>> 8 & 0xFF) + "." + (bits & 0xFF);
    }
}
