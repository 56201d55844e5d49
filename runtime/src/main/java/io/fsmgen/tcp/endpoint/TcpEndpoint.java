package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.Demultiplexer;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.IssGenerator;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.SegmentSink;
import io.fsmgen.tcp.engine.SimulatedNetwork;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.VirtualClock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One TCP address (an IPv4 address and a port) on a carrier: it decodes what arrives, hands each segment to the
 * connection of its 4-tuple, else to the listener, else to a machine parked in CLOSED that answers as a closed port
 * does (§3.10.7.1). The carrier is the only thing that differs between the {@link SimulatedNetwork} and real UDP.
 *
 * <p>The carrier's address is the TCP address: segment ports must match the datagram's, so one datagram socket (or
 * one simulated attachment) is one TCP port, and the demultiplexer's 4-tuples are the carriers' addresses.
 *
 * <p>Single-threaded, like everything it drives.
 */
public final class TcpEndpoint implements SegmentSink {

    /** RFC 791: every IPv4 link carries datagrams of at least 68 bytes. */
    private static final int MIN_MTU = 68;

    private final String name;
    private final EndpointConfig config;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final IssGenerator iss;
    private final Trace trace;
    private final SegmentCarrier carrier;
    private final Demultiplexer<TcpConnection, TcpListener> demux = new Demultiplexer<>();
    private final TcpMachine closedPort;
    private Segment closedArriving;
    private ConnectionId closedFrom;
    private long malformed;
    private long misaddressed;
    private long segmentsSent;
    private long closedPortResets;

    /**
     * @param attach connects this endpoint (as the sink) to its carrier and returns the carrier
     */
    public TcpEndpoint(String name, EndpointConfig config, Scheduler scheduler, LongSupplier nanoTime,
            IssGenerator iss, Trace trace, Function<SegmentSink, SegmentCarrier> attach) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.iss = Objects.requireNonNull(iss, "iss");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.closedPort = new TcpMachine(new ClosedPortEffects(), Scheduler.none(), config.tcp());
        this.carrier = Objects.requireNonNull(attach.apply(this), "carrier");
        if (carrier.mtu() < MIN_MTU || carrier.mtu() > 0xFFFF) {
            throw new IllegalArgumentException("carrier " + carrier + " reports an MTU of " + carrier.mtu()
                    + " bytes; an IPv4 link carries " + MIN_MTU + " to 65535 (RFC 791), and the MSS is derived from it");
        }
    }

    /** An endpoint attached to {@code network} at {@code address}, its timers on the network's clock. */
    public static TcpEndpoint simulated(String name, SimulatedNetwork network, EndpointAddress address,
            EndpointConfig config, long issSeed) {
        return simulated(name, network, address, SimulatedNetwork.DEFAULT_MTU, config, issSeed);
    }

    /** An endpoint attached to {@code network} at {@code address} on a link of {@code mtu} bytes. */
    public static TcpEndpoint simulated(String name, SimulatedNetwork network, EndpointAddress address, int mtu,
            EndpointConfig config, long issSeed) {
        VirtualClock clock = network.clock();
        return new TcpEndpoint(name, config, clock, clock::nanoTime, IssGenerator.seeded(issSeed, clock::nanoTime),
                network.trace(), sink -> network.attach(name, address, mtu, sink));
    }

    public String name() {
        return name;
    }

    public EndpointAddress address() {
        return carrier.localAddress();
    }

    public EndpointConfig config() {
        return config;
    }

    /** The carrier's MTU, from which connections derive the MSS they announce. */
    public int mtu() {
        return carrier.mtu();
    }

    /** Active OPEN to {@code remote}. Throws "connection already exists" if that 4-tuple is in use. */
    public TcpConnection connect(EndpointAddress remote) {
        ConnectionId id = new ConnectionId(address(), remote);
        if (demux.route(id) instanceof Demultiplexer.Route.ToConnection) {
            throw new TcpException(io.fsmgen.tcp.TcpSpec.CONNECTION_ALREADY_EXISTS);
        }
        TcpConnection connection = TcpConnection.active(this, id);
        if (!connection.isDeleted()) {
            demux.addConnection(id, connection);
        }
        return connection;
    }

    /** Passive OPEN on this endpoint's address. Throws "connection already exists" if already listening. */
    public TcpListener listen() {
        TcpListener listener = new TcpListener(this);
        if (!demux.listen(address(), listener)) {
            throw new TcpException(io.fsmgen.tcp.TcpSpec.CONNECTION_ALREADY_EXISTS);
        }
        return listener;
    }

    /** Connections with a TCB (not yet CLOSED). */
    public int connectionCount() {
        return demux.connectionCount();
    }

    /** Datagrams that did not decode (bad checksum, short header, ...), dropped with their reason traced. */
    public long malformed() {
        return malformed;
    }

    /** Datagrams whose segment ports disagreed with the carrier's addresses. */
    public long misaddressed() {
        return misaddressed;
    }

    public long segmentsSent() {
        return segmentsSent;
    }

    /**
     * RSTs sent for segments that found neither a connection nor a listener (§3.10.7.1), as Linux answers a segment
     * for which it has no socket. A connection that left LAST-ACK has no TCB, so a late duplicate from its peer is
     * answered so; a peer in TIME-WAIT that accepts the RST (Linux with {@code tcp_rfc1337 = 0}, RFC 1337's
     * "TIME-WAIT assassination") leaves that state early, and this count is how an observer knows why.
     */
    public long closedPortResets() {
        return closedPortResets;
    }

    /** Sends a segment that no connection produced, e.g. an old duplicate in a scenario. */
    public void transmitRaw(Segment segment, EndpointAddress destination) {
        transmit(segment, destination);
    }

    @Override
    public void receive(Datagram datagram) {
        arrived(datagram.source(), datagram.destination(), datagram.decode());
    }

    /** Decodes the segment where it lies, its text borrowed: every connection takes what it keeps before returning. */
    @Override
    public void receive(EndpointAddress source, EndpointAddress destination, byte[] bytes, int offset, int length) {
        arrived(source, destination, SegmentCodec.decodeBorrowing(bytes, offset, length,
                PseudoHeader.ipv4(source.ip(), destination.ip())));
    }

    private void arrived(EndpointAddress source, EndpointAddress destination, DecodeResult result) {
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            malformed++;
            trace.note(name, "dropped " + result);
            return;
        }
        Segment segment = decoded.segment();
        ConnectionId id = new ConnectionId(destination, source);
        if (segment.destinationPort() != id.local().port() || segment.sourcePort() != id.remote().port()) {
            misaddressed++;
            return;
        }
        Demultiplexer.Route<TcpConnection, TcpListener> route = demux.route(id);
        if (route instanceof Demultiplexer.Route.ToConnection<TcpConnection, TcpListener> toConnection) {
            toConnection.connection().segmentArrived(segment);
        } else if (route instanceof Demultiplexer.Route.ToListener<TcpConnection, TcpListener> toListener) {
            toListener.listener().segmentArrived(id, segment);
        } else {
            closedPortArrival(id, segment);
        }
    }

    /** No TCB: the CLOSED machine decides (T05–T07); the classifier may already answer (no ACK, §3.10.7.1). */
    private void closedPortArrival(ConnectionId id, Segment segment) {
        Verdict verdict = SegmentClassifier.classify(segment, TcpState.CLOSED, null, false);
        if (verdict instanceof Verdict.Reply reply) {
            closedPortResets++;
            transmit(reply.reply(), id.remote());
        } else if (verdict instanceof Verdict.Deliver deliver) {
            closedArriving = segment;
            closedFrom = id;
            try {
                closedPort.fire(deliver.event());
            } finally {
                closedArriving = null;
                closedFrom = null;
            }
        }
    }

    // ---- for connections and listeners ----

    Scheduler scheduler() {
        return scheduler;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    int issFor(ConnectionId id) {
        return iss.next(id.local(), id.remote());
    }

    int timestampOffsetFor(ConnectionId id) {
        return iss.timestampOffset(id.local(), id.remote());
    }

    void transmit(Segment segment, EndpointAddress destination) {
        segmentsSent++;
        carrier.send(destination, segment);
    }

    void note(TcpConnection connection, String text) {
        trace.note(name, text);
    }

    void dropped(TcpConnection connection, Segment segment, String reason) {
        if (trace.isEnabled()) {
            trace.note(name, "drop " + segment.label() + ": " + reason);
        }
    }

    void signalled(TcpConnection connection, TcpListener parent, TcpSignal signal) {
        if (signal == TcpSignal.CONNECTED && parent != null) {
            parent.childConnected(connection);
        }
    }

    void connectionDeleted(TcpConnection connection, TcpListener parent) {
        demux.removeConnection(connection.id());
        if (parent != null) {
            parent.childDeleted(connection);
        }
    }

    void register(TcpConnection connection) {
        demux.addConnection(connection.id(), connection);
    }

    void stopListening(TcpListener listener) {
        demux.stopListening(address());
    }

    private final class ClosedPortEffects implements TcpEffects {
        @Override
        public void send(TcpSegment segment) {
            if (closedArriving != null && Replies.shouldAnswerWithReset(closedArriving)) {
                closedPortResets++;
                transmit(Replies.resetFor(closedArriving), closedFrom.remote());
            }
        }
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }

}
