package io.fsmgen.tcp.nio;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Another network namespace's connection with the very addresses of one the test's runtime holds, run in a
 * {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} by {@link OtherNamespaceEventsTest}: a client bound to
 * {@code 127.0.0.1:<client port>} connects to {@code 127.0.0.1:<server port>}; the accepted side then ends with a RST
 * (SO_LINGER 0), in ESTABLISHED or, after the client's FIN, in CLOSE_WAIT. The kernel's tracepoints are host-wide, so
 * the runtime sees that socket's end under its own connection's addresses. Prints {@code ended} after the RST.
 * Arguments: the client port, the server port, ESTABLISHED or CLOSE_WAIT.
 */
final class SameAddressesChild {

    private SameAddressesChild() {}

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int clientPort = Integer.parseInt(args[0]);
        int serverPort = Integer.parseInt(args[1]);
        boolean closeWait = args[2].equals("CLOSE_WAIT");
        try (ServerSocketChannel server = ServerSocketChannel.open();
                SocketChannel client = SocketChannel.open()) {
            server.bind(new InetSocketAddress(loopback, serverPort));
            client.bind(new InetSocketAddress(loopback, clientPort));
            client.connect(new InetSocketAddress(loopback, serverPort));
            try (SocketChannel accepted = server.accept()) {
                if (closeWait) {
                    client.shutdownOutput();
                    if (accepted.read(ByteBuffer.allocate(1)) != -1) {
                        throw new IllegalStateException("data where the client's FIN was expected");
                    }
                }
                accepted.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        }
        System.out.println("ended");
    }
}
