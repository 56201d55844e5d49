package io.fsmgen.examples.job;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/** The loopback address the demos use, and a clear refusal where IPv6 is asked for but missing. */
public final class Loopback {

    private Loopback() {}

    /** A machine problem, not a usage one: the address family asked for is not there. */
    public static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** 127.0.0.1, or ::1 when {@code ipv6} and the machine has it. */
    public static InetAddress address(boolean ipv6) throws Unavailable {
        if (!ipv6) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            InetAddress v6 = InetAddress.getByName("::1");
            if (!(v6 instanceof Inet6Address)) {
                throw new Unavailable("IPv6 is not available on this machine (::1 does not resolve to IPv6)");
            }
            try (ServerSocketChannel probe = ServerSocketChannel.open()) {
                probe.bind(new InetSocketAddress(v6, 0));
            }
            return v6;
        } catch (Unavailable e) {
            throw e;
        } catch (IOException | UnsupportedOperationException | java.nio.channels.UnsupportedAddressTypeException e) {
            throw new Unavailable("IPv6 is not available on this machine (cannot listen on [::1]: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }
}
