package io.fsmgen.tcp.kernel;

import io.fsmgen.tcp.testing.FinGate;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One simultaneous close, run in a {@link PrivateNetnsJvm} by {@link KernelTransitionSourceLiveTest}: a connection
 * on {@code host:port}, then both sides shut down output behind a {@link FinGate}. Prints {@code connected <client
 * local> <client remote>} once established and {@code closed} when both sides have read the other's FIN and closed.
 * Arguments: the loopback address ({@code 127.0.0.1} or {@code ::1}) and the port to listen on.
 */
final class SimultaneousCloseChild {

    private SimultaneousCloseChild() {}

    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        StandardProtocolFamily family = host.getAddress().length == 4 ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        try (ServerSocketChannel server = ServerSocketChannel.open(family)) {
            server.bind(new InetSocketAddress(host, port), 1);
            try (SocketChannel client = SocketChannel.open(family)) {
                client.connect(server.getLocalAddress());
                try (SocketChannel accepted = server.accept()) {
                    System.out.println("connected " + text((InetSocketAddress) client.getLocalAddress()) + " "
                            + text((InetSocketAddress) client.getRemoteAddress()));
                    try (FinGate gate = FinGate.hold()) {
                        client.shutdownOutput();
                        accepted.shutdownOutput();
                        gate.release();
                    }
                    if (client.read(ByteBuffer.allocate(1)) != -1 || accepted.read(ByteBuffer.allocate(1)) != -1) {
                        throw new IllegalStateException("data where a FIN was expected");
                    }
                }
            }
        }
        System.out.println("closed");
    }

    /** {@code address port}, parsed back by {@link #address}. */
    static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + "," + a.getPort();
    }

    static InetSocketAddress address(String text) throws Exception {
        int comma = text.lastIndexOf(',');
        return new InetSocketAddress(InetAddress.getByName(text.substring(0, comma)),
                Integer.parseInt(text.substring(comma + 1)));
    }
}
