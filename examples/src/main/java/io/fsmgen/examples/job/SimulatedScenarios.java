package io.fsmgen.examples.job;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.SimulatedPair;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.LinkProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lives that a kernel socket never shows, played by the user-space TCP endpoint, whose every state change the
 * generated machine decides, over a simulated network on a virtual clock. Each prints the textbook picture: two
 * columns, segments as arrows (a lost one ends in {@code x}), and each side's state changes in its own column.
 */
final class SimulatedScenarios {

    private static final EndpointAddress CLIENT = SimulatedPair.CLIENT;
    private static final EndpointAddress SERVER = SimulatedPair.SERVER;
    private static final Duration ONE_WAY_DELAY = Duration.ofMillis(10);
    /** The seed used unless one is given: for "lossy" it loses a SYN+ACK, an ACK and the response. */
    static final long DEFAULT_SEED = 7;

    /** A played scenario: its picture and the final states of the connections involved. */
    record Played(String description, String diagram, Map<String, List<TcpState>> states) {}

    private static final Map<String, Function<Long, Played>> SCENARIOS = Map.of(
            "simultaneous-open", SimulatedScenarios::simultaneousOpen,
            "lossy", SimulatedScenarios::lossy,
            "rst-in-syn-received", SimulatedScenarios::rstInSynReceived);

    private SimulatedScenarios() {}

    static List<String> names() {
        return List.of("simultaneous-open", "lossy", "rst-in-syn-received");
    }

    static Optional<Played> play(String name, long seed) {
        return Optional.ofNullable(SCENARIOS.get(name)).map(scenario -> scenario.apply(seed));
    }

    private static SimulatedPair sim(long seed, LinkProfile profile) {
        return new SimulatedPair(seed, profile, EndpointConfig.simulation(), true);
    }

    /** Both ends send a SYN at once: each goes SYN_SENT → SYN_RECEIVED → ESTABLISHED (RFC 9293 Figure 7). */
    private static Played simultaneousOpen(long seed) {
        SimulatedPair sim = sim(seed, LinkProfile.perfect(ONE_WAY_DELAY));
        TcpConnection a = sim.client().connect(SERVER);
        TcpConnection b = sim.server().connect(CLIENT);
        sim.advance(Duration.ofMillis(100));
        a.close();
        sim.advance(Duration.ofMillis(100));
        b.close();
        sim.runOut();
        boolean crossed = a.states().contains(TcpState.SYN_RECEIVED) && b.states().contains(TcpState.SYN_RECEIVED);
        return new Played(crossed
                ? "both ends opened at once: their SYNs crossed, each answered the other's with SYN+ACK, and each went"
                        + " SYN_SENT -> SYN_RECEIVED -> ESTABLISHED"
                : "the SYNs did not cross: the client went " + path(a.states()) + "; the server " + path(b.states()),
                sim.diagram(), Map.of("client", a.states(), "server", b.states()));
    }

    /** A request and a response over a link that loses a fifth of the segments each way. */
    private static Played lossy(long seed) {
        SimulatedPair sim = sim(seed, LinkProfile.perfect(ONE_WAY_DELAY).withLoss(0.2));
        TcpListener listener = sim.server().listen();
        TcpConnection client = sim.client().connect(SERVER);
        // CLOSE in SYN_SENT would delete the connection (T26): the client waits for the handshake first.
        for (int step = 0; step < 600 && client.state() == TcpState.SYN_SENT; step++) {
            sim.advance(Duration.ofMillis(50));
        }
        client.send("GET / HTTP/1.0".getBytes(StandardCharsets.US_ASCII));
        client.close();
        TcpConnection server = null;
        for (int step = 0; step < 600 && server == null; step++) {
            sim.advance(Duration.ofMillis(50));
            server = listener.accept().orElse(null);
        }
        if (server == null) {
            throw new IllegalStateException("seed " + seed + ": no connection after 30 s of virtual time");
        }
        for (int step = 0; step < 600 && !server.isEndOfStream(); step++) {
            if (server.readableBytes() > 0) {
                server.receive(1024);
            } else {
                sim.advance(Duration.ofMillis(50));
            }
        }
        server.send("200 OK".getBytes(StandardCharsets.US_ASCII));
        server.close();
        sim.runOut();
        long lost = sim.trace().events().stream().filter(e -> e instanceof io.fsmgen.tcp.engine.TraceEvent.Transmission t
                && t.kind() == io.fsmgen.tcp.engine.TransmissionKind.DROPPED).count();
        boolean closed = client.states().get(client.states().size() - 1) == TcpState.CLOSED
                && server.states().get(server.states().size() - 1) == TcpState.CLOSED;
        return new Played("over a link that loses 20% of segments each way, " + lost + " segment(s) were lost (each"
                + " ends in 'x') and retransmissions after the retransmission timeout repaired them"
                + (closed ? ": both ends closed normally" : ": the ends finished " + client.state() + " and "
                        + server.state()), sim.diagram(),
                Map.of("client", client.states(), "server", server.states()));
    }

    /**
     * The client gives up after the server's SYN+ACK: its RST sends the half-open connection back to LISTEN, which for
     * a connection cloned from a listener means it is dropped. The listener, still in LISTEN, then accepts the
     * client's next connection: that is what "the listener survives" means, and the picture shows it.
     */
    private static Played rstInSynReceived(long seed) {
        SimulatedPair sim = sim(seed, LinkProfile.perfect(ONE_WAY_DELAY));
        TcpListener listener = sim.server().listen();
        TcpConnection client = sim.client().connect(SERVER);
        sim.advance(Duration.ofMillis(15));
        client.abort();
        sim.advance(Duration.ofMillis(100));
        TcpConnection child = listener.spawned().get(0);
        TcpConnection again = sim.client().connect(SERVER);
        sim.advance(Duration.ofMillis(100));
        TcpConnection second = listener.spawned().get(listener.spawned().size() - 1);
        again.close();
        sim.runOut();
        String how = child.states().contains(TcpState.SYN_RECEIVED)
                && child.states().lastIndexOf(TcpState.LISTEN) > child.states().indexOf(TcpState.SYN_RECEIVED)
                ? "the RST took the server's half-open connection SYN_RECEIVED -> LISTEN (MUST-11), which drops it"
                : "the server's half-open connection went " + path(child.states());
        String survived = second != child && second.states().contains(TcpState.ESTABLISHED)
                ? "; the listener stayed in LISTEN and accepted the client's next connection (ESTABLISHED)"
                : "; the listener did not accept the next connection";
        return new Played(how + survived, sim.diagram(), Map.of("client", client.states(), "server", child.states(),
                "client, again", again.states(), "server, again", second.states()));
    }

    private static String path(List<TcpState> states) {
        return String.join(" -> ", states.stream().map(Enum::name).toList());
    }
}
