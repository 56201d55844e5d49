package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Client-closes-first and server-closes-first lives, the machine checked against the kernel at each quiescent step. */
@Timeout(30)
class NioTcpLifeTest {

    static Stream<String> hosts() {
        return Stream.of("127.0.0.1", "::1");
    }

    static InetSocketAddress loopback(String host) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        if (host.contains(":")) {
            assumeTrue(ipv6Available(), "IPv6 loopback unavailable");
        }
        return new InetSocketAddress(a, 0);
    }

    static boolean ipv6Available() {
        try (var s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.INET6)) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return NetworkInterface.getByInetAddress(InetAddress.getByName("::1")) != null || true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The machine is in {@code expected}, and on Linux so is the kernel. */
    static void agree(NioTcpRuntime rt, NioTcpEndpoint e, TcpState expected) {
        Recorder.await(rt, e + " to reach " + expected, () -> e.state() == expected);
        if (rt.kernelState(e).isEmpty()) {
            return; // no kernel table here
        }
        // Quiescent point: the kernel settles within a loop turn (a closed channel's fd is released when its key
        // is deregistered, at the loop's next select); the table is re-read at each kernel event of the socket's port.
        assertEquals(expected, KernelSettle.await(rt, e, expected), "kernel state of " + e);
        assertEquals(expected, e.state(), "machine state of " + e + " once the kernel settled");
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void clientClosesFirst(String host) throws Exception {
        InetSocketAddress any = loopback(host);
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            Recorder server = new Recorder("server");
            server.echo = true;
            NioTcpListener l = rt.listen(any, server);
            agree(rt, l, LISTEN);
            Recorder client = new Recorder("client");
            NioTcpConnection c = rt.connect(l.localAddress(), client);
            Recorder.get(client.opened);
            NioTcpConnection s = Recorder.get(server.opened);
            agree(rt, c, ESTABLISHED);
            agree(rt, s, ESTABLISHED);

            c.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
            Recorder.await("echo", () -> client.text().equals("hello"));

            c.close(); // client FIN: FIN_WAIT_1 → FIN_WAIT_2 (kernel), server CLOSE_WAIT
            Recorder.get(server.peerFinished);
            agree(rt, s, CLOSE_WAIT);
            agree(rt, c, FIN_WAIT_2);

            s.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.UTF_8))); // half-close: data still flows
            Recorder.await("data after FIN", () -> client.text().equals("hellobye"));

            s.close(); // LAST_ACK → CLOSED (kernel), client TIME_WAIT
            assertEquals(CloseCause.NORMAL, Recorder.get(server.closed));
            assertEquals(CloseCause.NORMAL, Recorder.get(client.closed));
            agree(rt, s, CLOSED);
            agree(rt, c, TIME_WAIT);
            assertEquals(rt.kernelAvailable(), c.observed());
            assertTrue(rt.registry().snapshot().stream().allMatch(r -> r.state() == TIME_WAIT || r.state() == LISTEN),
                    rt.registry().render());
        }
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void serverClosesFirst(String host) throws Exception {
        InetSocketAddress any = loopback(host);
        try (NioTcpRuntime rt = NioTcpRuntime.open()) {
            Recorder server = new Recorder("server");
            NioTcpListener l = rt.listen(any, server);
            Recorder client = new Recorder("client");
            NioTcpConnection c = rt.connect(l.localAddress(), client);
            NioTcpConnection s = Recorder.get(server.opened);
            Recorder.get(client.opened);
            agree(rt, s, ESTABLISHED);
            agree(rt, c, ESTABLISHED);

            s.write(ByteBuffer.wrap("greeting".getBytes(StandardCharsets.UTF_8)));
            s.close();
            Recorder.get(client.peerFinished);
            agree(rt, c, CLOSE_WAIT);
            agree(rt, s, FIN_WAIT_2);
            assertEquals("greeting", client.text());

            c.close();
            Recorder.get(server.closed);
            Recorder.get(client.closed);
            agree(rt, c, CLOSED);
            agree(rt, s, TIME_WAIT);
        }
    }
}
