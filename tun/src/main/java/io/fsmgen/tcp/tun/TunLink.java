package io.fsmgen.tcp.tun;

import io.fsmgen.linux.TunDevice;
import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.SegmentSink;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The user-space endpoint's side of a Linux TUN device: one IPv4 address on the link, and one
 * {@link SegmentCarrier} per attached TCP port, so that {@link io.fsmgen.tcp.endpoint.TcpEndpoint}s exchange real IP
 * packets with the kernel's TCP, or with any host routed through the device.
 *
 * <p>Out: each segment gets an IPv4 header written here ({@link Ipv4Codec}: DF set, TTL 64); a packet larger than
 * the MTU is not sent but counted, since nothing fragments it. In: every packet read is checked by
 * {@link Ipv4Codec#decode} (a failed check is counted with its reason and dropped); TCP for an attached port goes to
 * that port's endpoint as a {@link Datagram} whose addresses are the packet's, so the endpoint checks the TCP
 * checksum over the real pseudo-header; TCP for another port is answered with a RST, as a closed port is
 * (RFC 9293 §3.10.7.1); ICMP echo requests are answered ({@link Icmp}); anything else is counted and ignored.
 *
 * <p>On a device with offloads ({@link TunDevice#offloads()}) the kernel hands over TCP segments of up to 64 KiB,
 * cut from its stream as a NIC would cut them (TSO), their checksum sometimes left to this side, which completes it
 * before the endpoint checks it; the endpoint takes such a segment whole. What this side sends is unchanged: packets
 * within the MTU, checksums computed.
 *
 * <p>An {@link Impairment} drops, reorders and delays packets in both directions, seeded. A {@link Trace} records
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
    private static final int TCP_HEADER = 20;
    /** This side's name in the trace; the peer's is its IPv4 address. */
    public static final String TRACE_NAME = "endpoint";

    private final TunDevice device;
    private final Ipv4Address address;
    private final int mtu;
    private final Impairment impairment;
    private final Trace trace;
    private final ImpairedPath inbound;
    private final ImpairedPath outbound;
    /** Joins full-size segments sent in one round into one offloaded packet; null without offloads. */
    private final SegmentCoalescer coalescer;
    private final Map<Integer, Attachment> attachments = new HashMap<>();
    private final byte[] readBuffer = new byte[0xFFFF + 64];
    /** Bytes in front of each packet on the device: a {@code virtio_net_hdr} when it has offloads. */
    private final int prefix;
    private int identification;
    private long packetsRead;
    private long packetsWritten;
    private long segmentsDelivered;
    private long rejected;
    private long notForUs;
    private long closedPort;
    private long echoesAnswered;
    private long icmpIgnored;
    private long otherProtocol;
    private long tooBig;
    private long writeFailures;
    private long coalescedSegments;
    private String lastProblem = "";

    private TunLink(TunDevice device, Ipv4Address address, int mtu, Impairment impairment, Trace trace) {
        this.device = device;
        this.address = address;
        this.mtu = mtu;
        this.impairment = impairment;
        this.trace = trace;
        this.prefix = device.offloads() ? VirtioNetHeader.LENGTH : 0;
        this.inbound = impairment.isNone() ? null : new ImpairedPath(impairment, 1);
        this.outbound = impairment.isNone() ? null : new ImpairedPath(impairment, 2);
        this.coalescer = prefix > 0 && impairment.isNone() ? new SegmentCoalescer() : null;
    }

    /**
     * The link on {@code device}, answering for {@code address}, sending packets of at most {@code mtu} bytes (the
     * device's MTU: the caller configured it), impaired by {@code impairment}. The link owns the device from now on.
     */
    public static TunLink open(TunDevice device, Ipv4Address address, int mtu, Impairment impairment) {
        return open(device, address, mtu, impairment, Trace.disabled());
    }

    /** {@link #open(TunDevice, Ipv4Address, int, Impairment)}, recording TCP segments in {@code trace}. */
    public static TunLink open(TunDevice device, Ipv4Address address, int mtu, Impairment impairment, Trace trace) {
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
        return new TunLink(device, address, mtu, impairment, trace);
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
        if (attachments.containsKey(port)) {
            throw new IllegalStateException("port " + port + " of " + address + " is already attached");
        }
        Attachment attachment = new Attachment(EndpointAddress.of(address, port), sink);
        attachments.put(port, attachment);
        return attachment;
    }

    /** Detaches the endpoint at {@code port}: from now on that port answers as a closed one. */
    public void detach(int port) {
        attachments.remove(port);
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
        flush();
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
                    rejected++;
                    lastProblem = "a " + length + "-byte read whose virtio_net_hdr does not fit the packet";
                    continue;
                }
                if (inbound == null) {
                    receive(readBuffer, prefix, length - prefix);
                } else {
                    inbound.offer(Arrays.copyOfRange(readBuffer, prefix, length), System.nanoTime());
                }
            }
        }
        releaseDue();
        flush(); // what the endpoints answered to these packets
    }

    /** When an impaired packet next falls due ({@link System#nanoTime()} time), if one is waiting. */
    public OptionalLong nextDueNanos() {
        if (inbound == null) {
            return OptionalLong.empty();
        }
        OptionalLong in = inbound.nextDue();
        OptionalLong out = outbound.nextDue();
        if (in.isEmpty()) {
            return out;
        }
        if (out.isEmpty()) {
            return in;
        }
        return OptionalLong.of(in.getAsLong() - out.getAsLong() < 0 ? in.getAsLong() : out.getAsLong());
    }

    /** Ends a current or the next {@link #poll} wait early. Thread-safe. */
    public void wakeup() {
        device.wakeup();
    }

    public TunLinkStats stats() {
        return new TunLinkStats(packetsRead, packetsWritten, coalescedSegments, segmentsDelivered, rejected, notForUs,
                closedPort, echoesAnswered, icmpIgnored, otherProtocol, tooBig, writeFailures,
                inbound == null ? 0 : inbound.dropped() + outbound.dropped(),
                inbound == null ? 0 : inbound.reordered() + outbound.reordered(), lastProblem);
    }

    /** Closes the device, which deletes it; attached endpoints can no longer send. */
    @Override
    public void close() throws IOException {
        flush();
        attachments.clear();
        device.close();
    }

    private void releaseDue() {
        if (inbound == null) {
            return;
        }
        long now = System.nanoTime();
        inbound.release(now, packet -> receive(packet, 0, packet.length));
        outbound.release(now, this::write);
    }

    // ---- in ----

    /** The packet in {@code packet[at, at + length)}. */
    private void receive(byte[] packet, int at, int length) {
        Ipv4DecodeResult result = Ipv4Codec.decode(packet, at, length);
        if (!(result instanceof Ipv4DecodeResult.Accepted accepted)) {
            if (length > 0 && (packet[at] & 0xF0) == 0x60) {
                notForUs++; // IPv6, e.g. router solicitations if the namespace left IPv6 on
                return;
            }
            rejected++;
            lastProblem = result.toString();
            return;
        }
        Ipv4Header header = accepted.header();
        if (!header.destination().equals(address)) {
            notForUs++;
            return;
        }
        int start = at + header.headerLength();
        int payload = header.payloadLength();
        switch (header.protocol()) {
            case Ipv4Codec.PROTOCOL_TCP -> receiveTcp(header, Arrays.copyOfRange(packet, start, start + payload));
            case Ipv4Codec.PROTOCOL_ICMP -> receiveIcmp(header, packet, start, payload);
            default -> {
                otherProtocol++;
                lastProblem = "ignored protocol " + header.protocol() + " from " + header.source();
            }
        }
    }

    private void receiveTcp(Ipv4Header header, byte[] segment) {
        if (segment.length < TCP_HEADER) {
            rejected++;
            lastProblem = "a " + segment.length + "-byte TCP segment from " + header.source()
                    + " is shorter than a TCP header";
            return;
        }
        int sourcePort = Ipv4Codec.getShort(segment, 0);
        int destinationPort = Ipv4Codec.getShort(segment, 2);
        Datagram datagram = new Datagram(EndpointAddress.of(header.source(), sourcePort),
                EndpointAddress.of(address, destinationPort), segment);
        trace.record(TransmissionKind.DELIVERED, header.source().toString(), TRACE_NAME, datagram, "");
        Attachment attachment = attachments.get(destinationPort);
        if (attachment != null) {
            segmentsDelivered++;
            attachment.sink.receive(datagram);
            return;
        }
        closedPort++;
        if (datagram.decode() instanceof DecodeResult.Decoded decoded
                && Replies.shouldAnswerWithReset(decoded.segment())) {
            sendTcp(datagram.destination(), datagram.source(), SegmentCodec.encode(Replies.resetFor(decoded.segment()),
                    PseudoHeader.ipv4(address, header.source())));
        }
    }

    private void receiveIcmp(Ipv4Header header, byte[] packet, int start, int length) {
        Optional<byte[]> reply = Icmp.answer(packet, start, length);
        if (reply.isPresent()) {
            echoesAnswered++;
            send(header.source(), Ipv4Codec.PROTOCOL_ICMP, reply.get());
        } else {
            icmpIgnored++;
            lastProblem = "ignored " + Icmp.describe(packet, start, length) + " from " + header.source();
        }
    }

    // ---- out ----

    private void sendTcp(EndpointAddress from, EndpointAddress to, byte[] segment) {
        if (!from.ip().equals(address)) {
            throw new IllegalStateException("an endpoint of " + address + " sends from " + from);
        }
        if (trace.isEnabled()) {
            trace.record(TransmissionKind.SENT, TRACE_NAME, to.ip().toString(), new Datagram(from, to, segment), "");
        }
        if (coalescer != null && Ipv4Codec.HEADER_LENGTH + segment.length <= mtu) {
            byte[] copy = segment.clone();
            if (coalescer.offer(to.ip(), copy)) {
                return;
            }
            flush(); // what comes next must not overtake the run
            if (coalescer.offer(to.ip(), copy)) {
                return;
            }
        }
        send(to.ip(), Ipv4Codec.PROTOCOL_TCP, segment);
    }

    /** Sends {@code payload} as one IPv4 packet of {@code protocol} from this link's address; tests send UDP so. */
    void send(Ipv4Address destination, int protocol, byte[] payload) {
        if (Ipv4Codec.HEADER_LENGTH + payload.length > mtu) {
            tooBig++;
            lastProblem = "a " + (Ipv4Codec.HEADER_LENGTH + payload.length) + "-byte packet to " + destination
                    + " exceeds the MTU of " + mtu + " and may not be fragmented: not sent";
            return;
        }
        byte[] packet = new byte[prefix + Ipv4Codec.HEADER_LENGTH + payload.length]; // a zero virtio_net_hdr: plain
        System.arraycopy(payload, 0, packet, prefix + Ipv4Codec.HEADER_LENGTH, payload.length);
        Ipv4Codec.writeHeader(packet, prefix, address, destination, protocol, identification++, payload.length);
        if (outbound == null) {
            write(packet);
        } else {
            outbound.offer(packet, System.nanoTime());
        }
    }

    /** Writes the run of segments the coalescer holds, if any. */
    private void flush() {
        if (coalescer != null && !coalescer.isEmpty()) {
            int count = coalescer.segmentCount();
            coalescedSegments += count > 1 ? count : 0;
            write(coalescer.drain(address, identification++));
        }
    }

    private void write(byte[] packet) {
        try {
            device.write(packet, 0, packet.length);
            packetsWritten++;
        } catch (IOException failure) {
            writeFailures++;
            lastProblem = "writing a " + packet.length + "-byte packet to " + device.name() + " failed: "
                    + failure.getMessage();
        }
    }

    private final class Attachment implements SegmentCarrier {
        final EndpointAddress local;
        final SegmentSink sink;

        Attachment(EndpointAddress local, SegmentSink sink) {
            this.local = local;
            this.sink = sink;
        }

        @Override
        public EndpointAddress localAddress() {
            return local;
        }

        /** The link's MTU: the endpoint announces MTU − 40 as its MSS. */
        @Override
        public int mtu() {
            return mtu;
        }

        @Override
        public void send(EndpointAddress destination, byte[] bytes) {
            Objects.requireNonNull(destination, "destination");
            if (attachments.get(local.port()) != this) {
                writeFailures++;
                lastProblem = "an endpoint detached from port " + local.port() + " tried to send";
                return;
            }
            sendTcp(local, destination, bytes);
        }
    }
}
