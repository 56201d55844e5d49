package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listener and one accepted connection on loopback, with every 4-tuple recorded up front so
 * that it can still be looked up after the channels are closed. Blocking channels: each step of
 * the tests is one call that the kernel completes at once on loopback.
 */
final class LoopbackPair implements AutoCloseable {

    /** Which sockets to open; each lands in a different /proc file or address form. */
    enum Flavour {
        /** AF_INET sockets on 127.0.0.1: rows in /proc/net/tcp. */
        IPV4(StandardProtocolFamily.INET, "127.0.0.1"),
        /** Java's default dual-stack sockets on 127.0.0.1: rows in /proc/net/tcp6 as ::ffff:127.0.0.1. */
        DUAL_STACK_IPV4(null, "127.0.0.1"),
        /** AF_INET6 sockets on ::1: rows in /proc/net/tcp6. */
        IPV6(StandardProtocolFamily.INET6, "::1");

        final ProtocolFamily family;
        final String host;

        Flavour(ProtocolFamily family, String host) {
            this.family = family;
            this.host = host;
        }

        ServerSocketChannel openServer() throws IOException {
            return family == null ? ServerSocketChannel.open() : ServerSocketChannel.open(family);
        }

        SocketChannel openClient() throws IOException {
            return family == null ? SocketChannel.open() : SocketChannel.open(family);
        }
    }

    final ServerSocketChannel server;
    final SocketChannel client;
    final SocketChannel accepted;
    final InetSocketAddress listenAddress;
    final InetSocketAddress clientLocal;
    final InetSocketAddress clientRemote;
    final InetSocketAddress acceptedLocal;
    final InetSocketAddress acceptedRemote;

    private LoopbackPair(ServerSocketChannel server, SocketChannel client, SocketChannel accepted) throws IOException {
        this.server = server;
        this.client = client;
        this.accepted = accepted;
        this.listenAddress = (InetSocketAddress) server.getLocalAddress();
        this.clientLocal = (InetSocketAddress) client.getLocalAddress();
        this.clientRemote = (InetSocketAddress) client.getRemoteAddress();
        this.acceptedLocal = (InetSocketAddress) accepted.getLocalAddress();
        this.acceptedRemote = (InetSocketAddress) accepted.getRemoteAddress();
    }

    /** Opens the listener only, for callers that check LISTEN before connecting. */
    static ServerSocketChannel listen(Flavour f) throws IOException {
        ServerSocketChannel server = f.openServer();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(f.host), 0), 4);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Connects a client to {@code server} and accepts it. */
    static LoopbackPair connect(Flavour f, ServerSocketChannel server) throws IOException {
        SocketChannel client = f.openClient();
        try {
            client.connect(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            return new LoopbackPair(server, client, accepted);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Whether this host can bind the flavour's loopback address (IPv6 may be disabled). */
    static boolean supported(Flavour f) {
        try {
            listen(f).close();
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether a row belongs to this pair (its listener port or client port), for assertion messages. */
    boolean concerns(KernelSocketEntry e) {
        int a = listenAddress.getPort();
        int b = clientLocal.getPort();
        return e.local().getPort() == a || e.local().getPort() == b;
    }

    @Override
    public void close() throws IOException {
        try (server; client; accepted) {
            // closes all three, in reverse order
        }
    }
}
