package io.fsmgen.tcp.endpoint;

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
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Two endpoints, "client" at {@link #CLIENT} and "server" at {@link #SERVER}, on one simulated network driven by a
 * virtual clock: the bench on which the main job's simulated scenarios, the endpoint's tests and the lossy-transfer
 * measurement all play. Everything it does is a function of the seed, so a run replays exactly.
 *
 * <p>Single-threaded, like the endpoints it holds.
 */
public final class SimulatedPair {

    public static final EndpointAddress CLIENT = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 1), 40_000);
    public static final EndpointAddress SERVER = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 2), 80);
    /** The one-way delay of {@link #standard()}. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(10);
    /** Clock tasks one {@link #advance} or {@link #runOut} may run before the simulation is declared stuck. */
    public static final int TASK_LIMIT = 1_000_000;

    private final VirtualClock clock = new VirtualClock();
    private final Trace trace;
    private final SimulatedNetwork network;
    private final TcpEndpoint client;
    private final TcpEndpoint server;

    /**
     * @param seed    drives the network's random choices and both endpoints' ISS secrets
     * @param profile how the link treats datagrams, both ways until {@link SimulatedNetwork#setProfile} says else
     * @param config  both endpoints' configuration
     * @param tracing whether to record every segment and state change (for diagrams; costs memory on long runs)
     */
    public SimulatedPair(long seed, LinkProfile profile, EndpointConfig config, boolean tracing) {
        this(seed, profile, config, tracing, SimulatedNetwork.DEFAULT_MTU, SimulatedNetwork.DEFAULT_MTU);
    }

    /**
     * A pair whose two ends sit on links of different MTUs, as a jumbo-frame host talking to an Ethernet one: each
     * announces the MSS of its own link.
     *
     * @param clientMtu the client's link MTU, in bytes
     * @param serverMtu the server's link MTU, in bytes
     */
    public SimulatedPair(long seed, LinkProfile profile, EndpointConfig config, boolean tracing, int clientMtu,
            int serverMtu) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(config, "config");
        trace = tracing ? Trace.recording(clock::nanoTime) : Trace.disabled();
        network = new SimulatedNetwork(clock, seed, profile, trace);
        client = TcpEndpoint.simulated("client", network, CLIENT, clientMtu, config, seed * 31 + 1);
        server = TcpEndpoint.simulated("server", network, SERVER, serverMtu, config, seed * 31 + 2);
    }

    /** Seed 1, a perfect link with a 10 ms one-way delay, {@link EndpointConfig#simulation()}, traced. */
    public static SimulatedPair standard() {
        return new SimulatedPair(1, LinkProfile.perfect(DEFAULT_DELAY), EndpointConfig.simulation(), true);
    }

    public VirtualClock clock() {
        return clock;
    }

    public Trace trace() {
        return trace;
    }

    public SimulatedNetwork network() {
        return network;
    }

    public TcpEndpoint client() {
        return client;
    }

    public TcpEndpoint server() {
        return server;
    }

    /** Moves virtual time on by {@code duration}, running whatever falls due. */
    public void advance(Duration duration) {
        RunResult result = clock.advance(duration, TASK_LIMIT);
        if (result.limitReached()) {
            throw new IllegalStateException("the simulation did not settle: " + TASK_LIMIT + " tasks within "
                    + duration);
        }
    }

    /** {@link #advance(Duration)} by {@code millis} milliseconds. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Runs every pending task, timers included, so that TIME-WAIT ends. */
    public void runOut() {
        RunResult result = clock.runUntilIdle(TASK_LIMIT);
        if (result.limitReached()) {
            throw new IllegalStateException("the simulation never went idle within " + TASK_LIMIT + " tasks");
        }
    }

    /** Drops the next datagram from {@code from} whose segment satisfies {@code match}. */
    public void dropNext(String why, EndpointAddress from, Predicate<Segment> match) {
        network.dropNext(why, datagram -> datagram.source().equals(from)
                && datagram.decode() instanceof DecodeResult.Decoded decoded && match.test(decoded.segment()));
    }

    /**
     * The flags (and length, if any) of each segment {@code endpoint} handed to the link, dropped ones included and
     * marked "(lost)": {@code SYN}, {@code PSH,ACK 524}, {@code ACK (lost)}. Needs tracing.
     */
    public List<String> sent(String endpoint) {
        List<String> out = new ArrayList<>();
        for (TraceEvent event : trace.events()) {
            if (event instanceof TraceEvent.Transmission t && t.from().equals(endpoint)
                    && (t.kind() == TransmissionKind.SENT || t.kind() == TransmissionKind.DROPPED)
                    && t.segment().isPresent()) {
                Segment segment = t.segment().get();
                out.add(segment.flags().names() + (segment.payloadLength() > 0 ? " " + segment.payloadLength() : "")
                        + (t.kind() == TransmissionKind.DROPPED ? " (lost)" : ""));
            }
        }
        return out;
    }

    /**
     * The virtual time of {@code endpoint}'s first note equal to {@code text}, or naming a transition
     * "EVENT: text", in nanoseconds. Needs tracing.
     */
    public long timeOf(String endpoint, String text) {
        for (TraceEvent event : trace.events()) {
            if (event instanceof TraceEvent.Note note && note.endpoint().equals(endpoint)
                    && (note.text().equals(text) || note.text().endsWith(": " + text))) {
                return note.atNanos();
            }
        }
        throw new IllegalStateException(endpoint + " never noted " + text + "\n" + trace.renderLog());
    }

    /** The textbook two-column picture of everything traced so far. */
    public String diagram() {
        return trace.renderDiagram("client", "server");
    }

    /** Opens client → server, gives the handshake 100 ms, and returns both ends, ESTABLISHED. */
    public Opened open() {
        TcpListener listener = server.listen();
        TcpConnection c = client.connect(SERVER);
        advanceMillis(100);
        TcpConnection s = listener.accept()
                .orElseThrow(() -> new IllegalStateException("no connection after 100 ms\n" + diagram()));
        return new Opened(c, s, listener);
    }

    /** Both ends of an opened connection, and the listener that accepted the server's. */
    public record Opened(TcpConnection client, TcpConnection server, TcpListener listener) {
    }
}
