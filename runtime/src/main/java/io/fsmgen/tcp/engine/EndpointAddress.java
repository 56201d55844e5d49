package io.fsmgen.tcp.engine;

import java.util.Objects;

/**
 * One end of a connection: an IPv4 address and a port. Two of them make the 4-tuple that names a connection and keys
 * the ISS hash.
 *
 * @param ip   the host
 * @param port 0 to 65535
 */
public record EndpointAddress(Ipv4Address ip, int port) {

    public EndpointAddress {
        Objects.requireNonNull(ip, "ip");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
    }

    public static EndpointAddress of(Ipv4Address ip, int port) {
        return new EndpointAddress(ip, port);
    }

    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
