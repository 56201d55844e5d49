package io.fsmgen.tcp.engine;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Carries segments over real UDP, one segment per datagram, so that the endpoint that runs on the simulated network
 * also runs between two threads, two processes or two hosts. Only the carrier changes: the endpoint sees the same
 * {@link SegmentCarrier} and {@link SegmentSink}.
 *
 * <p>Bound to one IPv4 address of this host (127.0.0.1 by default), which is also the TCP address: the TCP checksum
 * covers it, so the wildcard address, which leaves the source to routing, is refused. A carrier bound to loopback
 * refuses destinations off loopback, so a test on 127.0.0.1 can never spray segments onto a real network.
 * Non-blocking: {@link #poll} waits on a {@link Selector} for at most the given time, delivers what arrived to the
 * sink on the calling thread, and flushes sends the kernel could not take at once. A carrier is confined to the
 * thread that polls it.
 */
public final class UdpCarrier implements SegmentCarrier, AutoCloseable {

    private static final int MAX_DATAGRAM = 65_535;
    /** IPv4 and UDP headers: what the real packet spends before the segment starts. */
    private static final int UDP_OVERHEAD = 28;
    /** The largest UDP payload an IPv4 datagram holds: 65535 − 20 − 8. */
    private static final int MAX_UDP_PAYLOAD = 65_507;
    /** The IPv4 header the endpoint counts in the MTU it is told, though over UDP it never writes one. */
    private static final int IPV4_HEADER_BYTES = 20;
    /** A bound on one poll's work, so a flood cannot keep the caller inside {@link #poll} forever. */
    private static final int MAX_DATAGRAMS_PER_POLL = 1024;

    private final DatagramChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final SegmentSink sink;
    private final EndpointAddress local;
    private final int mtu;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
    private long sent;
    private long received;
    private long refused;
    private long failed;
    private String lastProblem = "";

    private UdpCarrier(DatagramChannel channel, Selector selector, SegmentSink sink, Ipv4Address address)
            throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.sink = sink;
        this.key = channel.register(selector, SelectionKey.OP_READ);
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        this.local = EndpointAddress.of(address, bound.getPort());
        this.mtu = IPV4_HEADER_BYTES + Math.min(MAX_UDP_PAYLOAD, interfaceMtu(bound) - UDP_OVERHEAD);
    }

    /** The MTU of the interface that holds the bound address; 576, the least every IPv4 host accepts, if unknown. */
    private static int interfaceMtu(InetSocketAddress bound) throws IOException {
        NetworkInterface nic = NetworkInterface.getByInetAddress(bound.getAddress());
        int mtu = nic == null ? -1 : nic.getMTU();
        return mtu > 0 ? mtu : 576;
    }

    /**
     * Binds a carrier to 127.0.0.1:{@code port} ({@code 0} for any free port) that hands arriving datagrams to
     * {@code sink}. Throws only if the socket cannot be opened or bound.
     */
    public static UdpCarrier open(int port, SegmentSink sink) throws IOException {
        return open(Ipv4Address.LOOPBACK, port, sink);
    }

    /**
     * Binds a carrier to {@code address}:{@code port} ({@code 0} for any free port), an address of this host (of the
     * network namespace of the calling thread), that hands arriving datagrams to {@code sink}.
     *
     * @throws IllegalArgumentException for 0.0.0.0, which would leave the source address, and so the checksum, to
     *                                  routing
     * @throws IOException              if the socket cannot be opened, or bound because no interface has the address
     */
    public static UdpCarrier open(Ipv4Address address, int port, SegmentSink sink) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(sink, "sink");
        if (address.bits() == 0) {
            throw new IllegalArgumentException("a UDP carrier binds to one address of this host, not 0.0.0.0: the"
                    + " TCP checksum covers the source address, which the wildcard would leave to routing");
        }
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        Selector selector = null;
        try {
            try {
                channel.bind(new InetSocketAddress(address.toInetAddress(), port));
            } catch (IOException cannotBind) {
                throw new IOException("cannot bind a UDP carrier to " + address + ":" + port + ": "
                        + cannotBind.getMessage() + " (is " + address + " an address of this host?)", cannotBind);
            }
            channel.configureBlocking(false);
            selector = Selector.open();
            return new UdpCarrier(channel, selector, sink, address);
        } catch (IOException | RuntimeException failure) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw failure;
        }
    }

    @Override
    public EndpointAddress localAddress() {
        return local;
    }

    /**
     * The segment travels as a UDP payload, so the packet the endpoint thinks it sends is the segment plus an IPv4
     * header: this is 20 bytes plus the largest UDP payload the bound interface carries unfragmented (loopback's
     * 65536-byte MTU gives 65527, capped by what a UDP datagram can hold).
     */
    @Override
    public int mtu() {
        return mtu;
    }

    /** Sends now if the kernel takes it, otherwise queues it for the next {@link #poll}. Never throws on I/O. */
    @Override
    public void send(EndpointAddress destination, byte[] bytes) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(bytes, "bytes");
        if (isLoopback(local.ip()) && !isLoopback(destination.ip())) {
            refuse("refused to send to " + destination + ": this carrier is bound to " + local.ip()
                    + " and only talks to loopback");
            return;
        }
        Pending pending = new Pending(new InetSocketAddress(destination.ip().toInetAddress(), destination.port()),
                ByteBuffer.wrap(bytes.clone()));
        if (!backlog.isEmpty() || !trySend(pending)) {
            backlog.add(pending);
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
    }

    /**
     * Waits up to {@code timeout} for traffic, then delivers the datagrams already waiting (at most 1024, so a
     * flood cannot hold the caller) and flushes queued sends. A zero timeout only looks. Returns the number of
     * datagrams delivered.
     */
    public int poll(Duration timeout) {
        if (!selector.isOpen()) {
            return 0;
        }
        try {
            long millis = timeout.toMillis();
            if (millis <= 0) {
                selector.selectNow();
            } else {
                selector.select(millis);
            }
            selector.selectedKeys().clear();
        } catch (IOException failure) {
            fail("select failed: " + failure.getMessage());
            return 0;
        }
        flushBacklog();
        return drain();
    }

    /** Datagrams accepted by {@link #send} but not yet taken by the kernel. */
    public int backlog() {
        return backlog.size();
    }

    public UdpCarrierStats stats() {
        return new UdpCarrierStats(sent, received, refused, failed, lastProblem);
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    private int drain() {
        int delivered = 0;
        for (int attempts = 0; attempts < MAX_DATAGRAMS_PER_POLL; attempts++) {
            receiveBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(receiveBuffer);
            } catch (IOException failure) {
                fail("receive failed: " + failure.getMessage());
                return delivered;
            }
            if (from == null) {
                return delivered;
            }
            if (!(from instanceof InetSocketAddress source) || !(source.getAddress() instanceof Inet4Address ip)) {
                refuse("ignored a datagram from " + from + ": not an IPv4 source");
                continue;
            }
            receiveBuffer.flip();
            byte[] bytes = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(bytes);
            received++;
            delivered++;
            sink.receive(new Datagram(EndpointAddress.of(Ipv4Address.of(ip), source.getPort()), local, bytes));
        }
        return delivered;
    }

    private void flushBacklog() {
        while (!backlog.isEmpty()) {
            if (!trySend(backlog.peek())) {
                return;
            }
            backlog.poll();
        }
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** True when the datagram is dealt with (sent, or failed for good); false when the kernel had no room. */
    private boolean trySend(Pending pending) {
        try {
            if (channel.send(pending.bytes.duplicate(), pending.target) == 0) {
                return false;
            }
            sent++;
        } catch (IOException failure) {
            fail("send to " + pending.target + " failed: " + failure.getMessage());
        }
        return true;
    }

    private static boolean isLoopback(Ipv4Address address) {
        return address.bits() >>> 24 == 127;
    }

    private void refuse(String why) {
        refused++;
        lastProblem = why;
    }

    private void fail(String why) {
        failed++;
        lastProblem = why;
    }

    private record Pending(InetSocketAddress target, ByteBuffer bytes) {
    }
}
