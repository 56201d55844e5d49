package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.IssGenerator;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.UdpCarrier;
import io.fsmgen.tcp.engine.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same endpoint over real UDP datagrams on 127.0.0.1, one thread per side, each running its timers on a
 * {@link VirtualClock} that it keeps level with the wall clock: open, 1 MiB each way, close, both CLOSED.
 */
class UdpLoopbackTest {

    private static final int MIB = 1 << 20;
    private static final long DEADLINE_NANOS = Duration.ofSeconds(25).toNanos();

    @Test
    @Timeout(40)
    void exchangeOneMebibyteEachWayOverLoopbackUdp() throws Exception {
        EndpointConfig config = EndpointConfig.loopback(Duration.ofMillis(50));
        byte[] fromClient = EndpointScenarioTest.pattern(MIB);
        byte[] fromServer = Arrays.copyOf(fromClient, MIB);
        for (int i = 0; i < MIB; i++) {
            fromServer[i] ^= (byte) 0x5A;
        }
        try (Node server = new Node("server", config); Node client = new Node("client", config)) {
            TcpListener listener = server.endpoint.listen();
            EndpointAddress serverAddress = server.endpoint.address();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Side serverSide = new Side(server, fromServer, () -> listener.accept().orElse(null));
            Side clientSide = new Side(client, fromClient, new Supplier<>() {
                private TcpConnection connection;

                @Override
                public TcpConnection get() {
                    if (connection == null) {
                        connection = client.endpoint.connect(serverAddress);
                    }
                    return connection;
                }
            });
            Thread serverThread = start("tcp-server", serverSide, failure);
            Thread clientThread = start("tcp-client", clientSide, failure);
            serverThread.join();
            clientThread.join();
            assertNull(failure.get(), () -> "a side failed: " + failure.get());
            assertArrayEquals(fromServer, clientSide.received.toByteArray());
            assertArrayEquals(fromClient, serverSide.received.toByteArray());
            assertEquals(TcpState.CLOSED, clientSide.connection.state());
            assertEquals(TcpState.CLOSED, serverSide.connection.state());
            List<TcpState> client0 = clientSide.connection.states();
            assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.ESTABLISHED), client0.subList(0, 3));
            assertEquals(TcpState.CLOSED, client0.get(client0.size() - 1));
            assertTrue(client.carrier.stats().received() > MIB / (client.endpoint.mtu() - 40),
                    client.carrier.stats().toString());
            System.out.printf("UdpLoopbackTest: 1 MiB each way in %d ms, %d + %d segments, %d + %d retransmissions%n",
                    Math.max(clientSide.elapsedMillis, serverSide.elapsedMillis), client.endpoint.segmentsSent(),
                    server.endpoint.segmentsSent(), clientSide.connection.retransmissions(),
                    serverSide.connection.retransmissions());
        }
    }

    private static Thread start(String name, Side side, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                side.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, name);
        thread.start();
        return thread;
    }

    /** One side's application: gets its connection, writes its data, closes once the peer's data is all in. */
    private static final class Side {
        final Node node;
        final byte[] data;
        final Supplier<TcpConnection> connect;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        TcpConnection connection;
        long elapsedMillis;

        Side(Node node, byte[] data, Supplier<TcpConnection> connect) {
            this.node = node;
            this.data = data;
            this.connect = connect;
        }

        void run() {
            long start = System.nanoTime();
            int sent = 0;
            boolean closed = false;
            while (connection == null || connection.state() != TcpState.CLOSED) {
                if (System.nanoTime() - start > DEADLINE_NANOS) {
                    throw new AssertionError(node.endpoint.name() + " timed out: " + connection + ", sent " + sent
                            + ", received " + received.size());
                }
                node.tick();
                if (connection == null) {
                    connection = connect.get();
                    continue;
                }
                TcpState state = connection.state();
                boolean open = state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT;
                if (open && sent < data.length && connection.sendBufferFree() > 0) {
                    sent += connection.send(Arrays.copyOfRange(data, sent,
                            Math.min(data.length, sent + connection.sendBufferFree())));
                }
                while (connection.readableBytes() > 0) {
                    received.writeBytes(connection.receive(1 << 16));
                }
                if (open && !closed && sent == data.length && received.size() == MIB) {
                    connection.close();
                    closed = true;
                }
            }
            elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        }
    }

    /** An endpoint on its own UDP socket, with a virtual clock that {@link #tick} keeps level with real time. */
    private static final class Node implements AutoCloseable {
        final VirtualClock clock = new VirtualClock();
        final long origin = System.nanoTime();
        final TcpEndpoint endpoint;
        UdpCarrier carrier;

        Node(String name, EndpointConfig config) {
            endpoint = new TcpEndpoint(name, config, clock, clock::nanoTime, IssGenerator.secure(clock::nanoTime),
                    Trace.disabled(), sink -> {
                        try {
                            carrier = UdpCarrier.open(0, sink);
                            return carrier;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }

        void tick() {
            carrier.poll(Duration.ofMillis(1));
            long now = System.nanoTime() - origin;
            if (now > clock.nanoTime()) {
                clock.advance(Duration.ofNanos(now - clock.nanoTime()));
            }
        }

        @Override
        public void close() throws IOException {
            carrier.close();
        }
    }
}
