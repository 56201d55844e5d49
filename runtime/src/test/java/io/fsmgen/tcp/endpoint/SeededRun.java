package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.LinkProfile;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the property test, everything drawn from its seed: per-direction loss, duplication, reordering and
 * delay, how much each side sends, and whether a side waits for the peer's FIN before closing. The applications poll
 * between every two tasks of the virtual clock, so the run is a pure function of the seed and can be replayed.
 */
final class SeededRun {

    /** What a finished run looked like. */
    record Outcome(long seed, TcpState client, TcpState server, boolean clientGotAll, boolean serverGotAll,
            boolean childrenDeleted, long tasks, long virtualNanos, long retransmissions, List<String> congestion,
            long slowStartSteps, long halvings, long collapses, String description) {
        boolean ok() {
            return client == TcpState.CLOSED && server == TcpState.CLOSED && clientGotAll && serverGotAll
                    && childrenDeleted && congestion.isEmpty();
        }
    }

    static final int TASK_LIMIT = 400_000;

    private SeededRun() {
    }

    /**
     * @param chaos one side aborts at a random moment; then every byte received must be a prefix of what was sent,
     *              and once the survivor's user stops waiting for the peer and closes, both ends must reach CLOSED
     */
    static Outcome run(long seed, boolean chaos, boolean tracing, StringBuilder traceOut) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 7);
        LinkProfile toServer = profile(random);
        LinkProfile toClient = profile(random);
        EndpointConfig config = EndpointConfig.simulation()
                .withBuffers(random.nextInt(512, 16_384), random.nextInt(256, 4097))
                .withMssLimit(random.nextInt(64, 1461));
        SimulatedPair sim = new SimulatedPair(seed, toServer, config, tracing);
        sim.network().setProfile(SimulatedPair.CLIENT, SimulatedPair.SERVER, toServer);
        sim.network().setProfile(SimulatedPair.SERVER, SimulatedPair.CLIENT, toClient);
        byte[] clientData = bytes(random, random.nextInt(0, 20_000));
        byte[] serverData = bytes(random, random.nextInt(0, 20_000));
        boolean clientWaits = random.nextInt(3) == 0;
        boolean serverWaits = !clientWaits && random.nextBoolean();
        String description = "client sends " + clientData.length + (clientWaits ? " then waits for EOF" : "")
                + ", server sends " + serverData.length + (serverWaits ? " then waits for EOF" : "")
                + "; MSS limit " + config.mssLimit() + ", buffers " + config.sendBufferBytes() + "/"
                + config.receiveBufferBytes()
                + "; to server " + toServer + "; to client " + toClient;
        long abortAtNanos = chaos ? random.nextLong(Duration.ofSeconds(4).toNanos()) : Long.MAX_VALUE;
        boolean abortClient = random.nextBoolean();
        boolean aborted = !chaos;
        boolean gaveUp = !chaos;

        TcpListener listener = sim.server().listen();
        App client = new App(sim.client().connect(SimulatedPair.SERVER), clientData, clientWaits);
        List<CongestionInvariants> watchers = new ArrayList<>();
        watchers.add(new CongestionInvariants(client.connection));
        App server = null;
        long tasks = 0;
        try {
            while (true) {
                client.step();
                if (server == null) {
                    server = listener.accept().map(c -> new App(c, serverData, serverWaits)).orElse(null);
                    if (server != null) {
                        watchers.add(new CongestionInvariants(server.connection));
                    }
                }
                if (server != null) {
                    server.step();
                }
                if (!aborted && sim.clock().nanoTime() >= abortAtNanos) {
                    aborted = true;
                    App victim = abortClient ? client : server;
                    if (victim != null && victim.connection.state() != TcpState.CLOSED) {
                        victim.connection.abort();
                    }
                }
                if (!sim.clock().runNext()) {
                    if (!gaveUp) {
                        // A half-open connection (the peer's RST was lost) is only noticed by sending: close.
                        gaveUp = true;
                        client.waitForEof = false;
                        if (server != null) {
                            server.waitForEof = false;
                        }
                        continue;
                    }
                    break;
                }
                if (++tasks > TASK_LIMIT) {
                    throw new AssertionError("still busy after " + TASK_LIMIT + " tasks");
                }
            }
        } finally {
            if (tracing && traceOut != null) {
                traceOut.append(sim.trace().renderLog());
            }
        }
        TcpState serverState = server == null ? (chaos ? TcpState.CLOSED : null) : server.connection.state();
        byte[] serverGot = server == null ? new byte[0] : server.received.toByteArray();
        return new Outcome(seed, client.connection.state(), serverState,
                delivered(serverData, client.received.toByteArray(), chaos),
                (server != null || chaos) && delivered(clientData, serverGot, chaos),
                listener.spawned().stream().allMatch(TcpConnection::isDeleted), tasks,
                sim.clock().nanoTime(), client.connection.retransmissions()
                        + (server == null ? 0 : server.connection.retransmissions()),
                watchers.stream().flatMap(w -> w.violations().stream()).toList(),
                watchers.stream().mapToLong(CongestionInvariants::slowStartSteps).sum(),
                watchers.stream().mapToLong(CongestionInvariants::halvings).sum(),
                watchers.stream().mapToLong(CongestionInvariants::collapses).sum(), description);
    }

    /** Exactly the data, or with {@code prefixOnly} its first bytes: in order, none twice, none invented. */
    private static boolean delivered(byte[] sent, byte[] received, boolean prefixOnly) {
        if (prefixOnly) {
            return received.length <= sent.length
                    && Arrays.equals(sent, 0, received.length, received, 0, received.length);
        }
        return Arrays.equals(sent, received);
    }

    private static LinkProfile profile(SplittableRandom random) {
        return LinkProfile.perfect(Duration.ofMillis(1 + random.nextInt(30)))
                .withLoss(random.nextDouble() * 0.2)
                .withDuplication(random.nextDouble() * 0.1)
                .withReordering(random.nextDouble() * 0.3, Duration.ofMillis(1 + random.nextInt(60)));
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    /** A polling application: writes its data as the send buffer frees up, closes, reads everything. */
    private static final class App {
        final TcpConnection connection;
        final byte[] data;
        boolean waitForEof;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int sent;
        boolean closed;

        App(TcpConnection connection, byte[] data, boolean waitForEof) {
            this.connection = connection;
            this.data = data;
            this.waitForEof = waitForEof;
        }

        void step() {
            TcpState state = connection.state();
            boolean open = state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT;
            if (open && sent < data.length && connection.sendBufferFree() > 0) {
                sent += connection.send(Arrays.copyOfRange(data, sent, Math.min(data.length,
                        sent + connection.sendBufferFree())));
            }
            if (open && !closed && sent == data.length && (!waitForEof || connection.isEndOfStream())) {
                connection.close();
                closed = true;
            }
            while (connection.readableBytes() > 0) {
                received.writeBytes(connection.receive(1 << 16));
            }
        }
    }
}
