package io.fsmgen.tcp.tun;

import io.fsmgen.linux.TunDevice;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentSink;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The user-space endpoint's side of a Linux TUN device: one IPv4 address on the link, and one
 * {@link SegmentCarrier} per attached TCP port, so that {@link io.fsmgen.tcp.endpoint.TcpEndpoint}s exchange real IP
 * packets with the kernel's TCP, or with any host routed through the device.
 *
 * <p>The work is split by direction. {@link Outbound} writes every packet: the IPv4 header ({@link Ipv4Codec}: DF
 * set, TTL 64), nothing over the MTU (counted, since nothing fragments it), segments encoded straight into its packet
 * buffer. {@link Inbound} checks every packet read and dispatches it: TCP for an attached port to that port's
 * endpoint, which checks the TCP checksum over the real pseudo-header; TCP for another port answered with a RST, as a
 * closed port is (RFC 9293 §3.10.7.1); ICMP echo requests answered ({@link Icmp}); anything else counted and ignored.
 * This class owns the device, the ports ({@link PortCarrier}) and the loop's one call, {@link #poll}.
 *
 * <p>On a device with offloads ({@link TunDevice#offloads()}) the kernel hands over TCP segments of up to 64 KiB,
 * cut from its stream as a NIC would cut them (TSO), their checksum sometimes left to this side, which completes it
 * before the endpoint checks it; the endpoint takes such a segment whole. Out, the endpoint's back-to-back full-size
 * segments of one round go as one packet the kernel cuts back into them ({@link SegmentCoalescer}).
 *
 * <p>An {@link Impairment} drops, reorders, duplicates and delays packets in both directions, seeded. A {@link Trace} records
 * every TCP segment: {@link TransmissionKind#SENT} (from {@link #TRACE_NAME} to the peer's address) when an endpoint
 * hands it over, before any impairment may drop it, and {@link TransmissionKind#DELIVERED} when it reaches this side,
 * after the impairment let it through.
 *
 * <p>Confined to one thread, which calls {@link #poll} and whose endpoints send; {@link #wakeup()} may be called from
 * any thread. Closing the link closes the device, which deletes it.
 */
public final class TunLink implements AutoCloseable {

    /** A bound on one poll's reading, so a flood cannot hold the caller inside {@link #poll}. */
    private static final int MAX_PACKETS_PER_POLL = 256;
    private static final int MIN_MTU = 68;
    /** This side's name in the trace; the peer's is its IPv4 address. */
    public static final String TRACE_NAME = "endpoint";

    private final TunDevice device;
    private final Ipv4Address address;
    private final int mtu;
    private final Impairment impairment;
    private final LinkProblems problems = new LinkProblems();
    private final Map<Integer, PortCarrier> ports = new HashMap<>();
    private final Outbound out;
    private final Inbound in;
    /** Bytes in front of each packet on the device: a {@code virtio_net_hdr} when it has offloads. */
    private final int prefix;
    private final byte[] readBuffer;
    private long packetsRead;

    private TunLink(TunDevice device, Ipv4Address address, int prefixLength, int mtu, Impairment impairment,
            Trace trace) {
        this.device = device;
        this.address = address;
        this.mtu = mtu;
        this.impairment = impairment;
        this.prefix = device.offloads() ? VirtioNetHeader.LENGTH : 0;
        this.readBuffer = new byte[prefix + 0xFFFF];
        this.out = new Outbound(device, address, mtu, impairment, trace, problems);
        this.in = new Inbound(address, prefixLength, ports, out, impairment, trace, problems);
    }

    /**
     * The link on {@code device}, answering for {@code address}, sending packets of at most {@code mtu} bytes (the
     * device's MTU: the caller configured it), impaired by {@code impairment}. The link owns the device from now on.
     */
    public static TunLink open(TunDevice device, Ipv4Address address, int mtu, Impairment impairment) {
        return open(device, address, mtu, impairment, Trace.disabled());
    }

    /**
     * {@link #open(TunDevice, Ipv4Address, int, Impairment)}, recording TCP segments in {@code trace}; the link's
     * subnet is not known, so only the endpoint's own address is refused as a source.
     */
    public static TunLink open(TunDevice device, Ipv4Address address, int mtu, Impairment impairment, Trace trace) {
        return open(device, address, 32, mtu, impairment, trace);
    }

    /**
     * {@link #open(TunDevice, Ipv4Address, int, Impairment, Trace)} on a link whose subnet is
     * {@code address/prefixLength} (the device's address configuration): a packet from that subnet's directed
     * broadcast address is refused as a martian source too, as Linux refuses it.
     */
    public static TunLink open(TunDevice device, Ipv4Address address, int prefixLength, int mtu,
            Impairment impairment, Trace trace) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(impairment, "impairment");
        Objects.requireNonNull(trace, "trace");
        if (mtu < MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("an IPv4 MTU must be 68 to 65535 bytes: " + mtu);
        }
        if (!Ipv4Codec.maySend(address)) {
            throw new IllegalArgumentException(address + " cannot be a host's address on a link");
        }
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("an IPv4 prefix length must be 1 to 32: " + prefixLength);
        }
        return new TunLink(device, address, prefixLength, mtu, impairment, trace);
    }

    public Ipv4Address address() {
        return address;
    }

    /** The largest IPv4 packet this link sends, header included. */
    public int mtu() {
        return mtu;
    }

    public Impairment impairment() {
        return impairment;
    }

    public String deviceName() {
        return device.name();
    }

    /**
     * Attaches an endpoint at TCP port {@code port} of this link's address; the returned carrier is the endpoint's.
     * Throws if the port is taken.
     */
    public SegmentCarrier attach(int port, SegmentSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("a TCP port to attach at is 1 to 65535: " + port);
        }
        if (ports.containsKey(port)) {
            throw new IllegalStateException("port " + port + " of " + address + " is already attached");
        }
        PortCarrier carrier = new PortCarrier(EndpointAddress.of(address, port), sink, mtu, out);
        ports.put(port, carrier);
        return carrier;
    }

    /** Detaches the endpoint at {@code port}: from now on that port answers as a closed one. */
    public void detach(int port) {
        PortCarrier carrier = ports.remove(port);
        if (carrier != null) {
            carrier.detach();
        }
    }

    /**
     * Sends the segments the endpoints handed over since the last poll (joined where offloads allow), waits up to
     * {@code timeout} for a packet, a wake-up, or an impaired packet falling due, then handles what arrived (at most
     * 256 packets, so a flood cannot hold the caller), releases what fell due and sends the answers. A zero timeout
     * only looks. Endpoints' sinks run on this thread.
     *
     * @throws IOException if the device failed (it is gone, e.g. with its namespace)
     */
    public void poll(Duration timeout) throws IOException {
        out.flush();
        releaseDue();
        OptionalLong due = nextDueNanos();
        Duration wait = timeout;
        if (due.isPresent()) {
            wait = Duration.ofNanos(Math.max(0, Math.min(timeout.toNanos(), due.getAsLong() - System.nanoTime())));
        }
        if (device.await(wait)) {
            for (int i = 0; i < MAX_PACKETS_PER_POLL; i++) {
                int length = device.read(readBuffer);
                if (length < 0) {
                    break;
                }
                packetsRead++;
                if (prefix > 0 && (length < prefix || !VirtioNetHeader.completeChecksum(readBuffer, length))) {
                    in.rejectPrefix(length);
                    continue;
                }
                in.arrived(readBuffer, prefix, length - prefix);
            }
        }
        releaseDue();
        out.flush(); // what the endpoints answered to these packets
    }

    /** When an impaired packet next falls due ({@link System#nanoTime()} time), if one is waiting. */
    public OptionalLong nextDueNanos() {
        OptionalLong inDue = in.nextDue();
        OptionalLong outDue = out.nextDue();
        if (inDue.isEmpty()) {
            return outDue;
        }
        if (outDue.isEmpty()) {
            return inDue;
        }
        return inDue.getAsLong() - outDue.getAsLong() < 0 ? inDue : outDue;
    }

    /** Ends a current or the next {@link #poll} wait early. Thread-safe. */
    public void wakeup() {
        device.wakeup();
    }

    public TunLinkStats stats() {
        return new TunLinkStats(packetsRead, out.packetsWritten(), out.coalescedSegments(), in.segmentsDelivered(),
                in.rejected(), in.notForUs(), in.closedPort(), in.echoesAnswered(), in.icmpIgnored(),
                in.otherProtocol(), out.tooBig(), out.writeFailures(), in.impairedDrops() + out.impairedDrops(),
                in.impairedReorders() + out.impairedReorders(), in.impairedDuplicates() + out.impairedDuplicates(),
                problems.last());
    }

    /** Closes the device, which deletes it; attached endpoints can no longer send. */
    @Override
    public void close() throws IOException {
        out.flush();
        ports.values().forEach(PortCarrier::detach);
        ports.clear();
        device.close();
    }

    /** Sends {@code payload} as one IPv4 packet of {@code protocol} from this link's address; tests send UDP so. */
    void send(Ipv4Address destination, int protocol, byte[] payload) {
        out.packet(destination, protocol, payload);
    }

    private void releaseDue() {
        long now = System.nanoTime();
        in.release(now);
        out.release(now);
    }
}
