package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.linux.NetworkNamespace;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.IssGenerator;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.SegmentSink;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.UdpCarrier;
import io.fsmgen.tcp.engine.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpCarrier} on addresses other than loopback: two endpoints in two namespaces joined by a veth pair, each
 * carrier bound to its host's address, a connection between them with 64 KiB each way. One thread drives both.
 */
class UdpAcrossNamespacesTest {

    private static final Ipv4Address LEFT = Ipv4Address.of(198, 18, 2, 1);
    private static final Ipv4Address RIGHT = Ipv4Address.of(198, 18, 2, 2);

    @Test
    void twoEndpointsTalkOverUdpBetweenTwoHosts() throws IOException {
        Optional<String> reason = NetworkNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        try (NetworkNamespace left = NetworkNamespace.create("udp");
                NetworkNamespace right = NetworkNamespace.create("udp")) {
            left.addVethPair("fsmu-l", right, "fsmu-r");
            left.ip("address", "add", LEFT + "/24", "dev", "fsmu-l");
            right.ip("address", "add", RIGHT + "/24", "dev", "fsmu-r");
            left.ip("link", "set", "fsmu-l", "up");
            right.ip("link", "set", "fsmu-r", "up");

            VirtualClock clock = new VirtualClock();
            EndpointConfig config = EndpointConfig.loopback(Duration.ofMillis(50));
            UdpCarrier[] carriers = new UdpCarrier[2];
            TcpEndpoint server = endpoint("server", clock, config, sink -> carriers[0] = bind(right, RIGHT, sink));
            TcpEndpoint client = endpoint("client", clock, config, sink -> carriers[1] = bind(left, LEFT, sink));
            try (UdpCarrier a = carriers[0]; UdpCarrier b = carriers[1]) {
                assertEquals(RIGHT, server.address().ip());
                TcpListener listener = server.listen();
                TcpConnection active = client.connect(server.address());
                EndpointSide clientSide = new EndpointSide(Payload.of(64 << 10, 1));
                EndpointSide serverSide = new EndpointSide(Payload.of(64 << 10, 2));
                clientSide.attach(active);
                long origin = System.nanoTime();
                long deadline = origin + Duration.ofSeconds(40).toNanos();
                boolean closed = false;
                while (active.state() != TcpState.CLOSED || serverSide.connection() == null
                        || serverSide.connection().state() != TcpState.CLOSED) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("not done: " + clientSide + "; " + serverSide);
                    }
                    a.poll(Duration.ZERO);
                    b.poll(Duration.ofMillis(1));
                    clock.advance(Duration.ofNanos(Math.max(0, System.nanoTime() - origin - clock.nanoTime())));
                    if (serverSide.connection() == null) {
                        listener.accept().ifPresent(serverSide::attach);
                    }
                    clientSide.pump();
                    serverSide.pump();
                    if (!closed && clientSide.received() == 64 << 10 && clientSide.allSentAndAcknowledged()) {
                        active.close();
                        closed = true;
                    }
                    TcpConnection passive = serverSide.connection();
                    if (passive != null && passive.state() == TcpState.CLOSE_WAIT && passive.isEndOfStream()) {
                        passive.close();
                    }
                }
                assertEquals(Payload.of(64 << 10, 2).sha256(), clientSide.receivedSha256());
                assertEquals(Payload.of(64 << 10, 1).sha256(), serverSide.receivedSha256());
                assertEquals(0, a.stats().refused() + b.stats().refused() + a.stats().failed() + b.stats().failed());
            }
        }
    }

    private static TcpEndpoint endpoint(String name, VirtualClock clock, EndpointConfig config,
            java.util.function.Function<SegmentSink, io.fsmgen.tcp.engine.SegmentCarrier> attach) {
        return new TcpEndpoint(name, config, clock, clock::nanoTime, IssGenerator.secure(clock::nanoTime),
                Trace.disabled(), attach);
    }

    /** A carrier whose socket is made inside {@code namespace}, bound to that host's address. */
    private static UdpCarrier bind(NetworkNamespace namespace, Ipv4Address address, SegmentSink sink) {
        try {
            return namespace.call(() -> UdpCarrier.open(address, 0, sink));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
