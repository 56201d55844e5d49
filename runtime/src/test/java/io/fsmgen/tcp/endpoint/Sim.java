package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.RunResult;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SimulatedNetwork;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TraceEvent;
import io.fsmgen.tcp.engine.TransmissionKind;
import io.fsmgen.tcp.engine.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Two endpoints, "client" and "server", on one simulated network with a 10 ms one-way delay unless told otherwise. */
final class Sim {

    static final EndpointAddress CLIENT = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 1), 40_000);
    static final EndpointAddress SERVER = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 2), 80);
    static final Duration DELAY = Duration.ofMillis(10);

    final VirtualClock clock = new VirtualClock();
    final Trace trace;
    final SimulatedNetwork network;
    final TcpEndpoint client;
    final TcpEndpoint server;

    Sim() {
        this(1, LinkProfile.perfect(DELAY), EndpointConfig.simulation(), true);
    }

    Sim(long seed, LinkProfile profile, EndpointConfig config, boolean tracing) {
        trace = tracing ? Trace.recording(clock::nanoTime) : Trace.disabled();
        network = new SimulatedNetwork(clock, seed, profile, trace);
        client = TcpEndpoint.simulated("client", network, CLIENT, config, seed * 31 + 1);
        server = TcpEndpoint.simulated("server", network, SERVER, config, seed * 31 + 2);
    }

    /** Moves virtual time on by {@code millis}, running whatever falls due. */
    void advance(long millis) {
        RunResult result = clock.advance(Duration.ofMillis(millis), 1_000_000);
        assertFalse(result.limitReached(), "simulation did not settle");
    }

    /** Runs every pending task: all timers included, so TIME-WAIT ends. */
    void runOut() {
        RunResult result = clock.runUntilIdle(1_000_000);
        assertFalse(result.limitReached(), "simulation never went idle");
    }

    /** Drops the next datagram from {@code from} whose segment satisfies {@code match}. */
    void dropNext(String why, EndpointAddress from, Predicate<Segment> match) {
        network.dropNext(why, datagram -> datagram.source().equals(from) && match.test(segmentOf(datagram)));
    }

    static Segment segmentOf(Datagram datagram) {
        return ((DecodeResult.Decoded) datagram.decode()).segment();
    }

    /** The flags (and length, if any) of each segment {@code from} handed to the link, dropped ones included. */
    List<String> sent(String from) {
        List<String> out = new ArrayList<>();
        for (TraceEvent event : trace.events()) {
            if (event instanceof TraceEvent.Transmission t && t.from().equals(from)
                    && (t.kind() == TransmissionKind.SENT || t.kind() == TransmissionKind.DROPPED)) {
                Segment segment = t.segment().orElseThrow();
                out.add(segment.flags().names() + (segment.payloadLength() > 0 ? " " + segment.payloadLength() : "")
                        + (t.kind() == TransmissionKind.DROPPED ? " (lost)" : ""));
            }
        }
        return out;
    }

    /**
     * The virtual time of {@code endpoint}'s first note equal to {@code text}, or naming a transition "EVENT: text",
     * in nanoseconds.
     */
    long timeOf(String endpoint, String text) {
        for (TraceEvent event : trace.events()) {
            if (event instanceof TraceEvent.Note note && note.endpoint().equals(endpoint)
                    && (note.text().equals(text) || note.text().endsWith(": " + text))) {
                return note.atNanos();
            }
        }
        throw new AssertionError(endpoint + " never noted " + text + "\n" + trace.renderLog());
    }

    String diagram() {
        return trace.renderDiagram("client", "server");
    }

    /** Opens client → server and returns both ends, ESTABLISHED. */
    Pair open() {
        TcpListener listener = server.listen();
        TcpConnection c = client.connect(SERVER);
        advance(100);
        TcpConnection s = listener.accept().orElseThrow(() -> new AssertionError("no connection\n" + diagram()));
        return new Pair(c, s, listener);
    }

    record Pair(TcpConnection client, TcpConnection server, TcpListener listener) {
    }
}
