package io.fsmgen.tcp.tun;

import io.fsmgen.linux.NetworkNamespace;
import io.fsmgen.linux.TunDevice;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.Trace;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A private host for the endpoint to talk to: a new network namespace holding a TUN device whose other end is a
 * {@link TunLink} in this process. Inside, the kernel owns {@link #KERNEL} on the device; this process's endpoints
 * own {@link #ENDPOINT}; the device's MTU is the link's. Both addresses are in 198.18.0.0/15, the block RFC 2544 set
 * aside for benchmarking, which no real network routes, and the traffic never leaves the namespace anyway.
 *
 * <pre>
 *   this process (root namespace)                 namespace fsmgen-&lt;label&gt;-&lt;pid&gt;-&lt;hex&gt;
 *   TcpEndpoint ── TunLink ══ TUN descriptor ══▶ device fsmt&lt;pid&gt;, 198.18.0.1/24 ── kernel TCP ── sockets
 *   198.18.0.2                                                                         (threads that entered it)
 * </pre>
 *
 * <p>The kernel keeps its stock sysctls (timestamps, SACK and window scaling on); only IPv6 is turned off on the
 * device so that the kernel's router solicitations do not reach the link. Closing deletes the device and the
 * namespace, whatever state the sockets in it are in.
 */
public final class TunNamespace implements AutoCloseable {

    /** The kernel's address, on the device inside the namespace. */
    public static final Ipv4Address KERNEL = Ipv4Address.of(198, 18, 0, 1);
    /** The endpoint's address, routed through the device. */
    public static final Ipv4Address ENDPOINT = Ipv4Address.of(198, 18, 0, 2);
    /** The link's subnet, 198.18.0.0/24: its directed broadcast 198.18.0.255 is refused as a source. */
    static final int PREFIX_LENGTH = 24;

    /**
     * The device's queue towards this process, in packets (Linux's default is 500). The kernel drops what does not
     * fit while the endpoint's loop is busy writing a burst; 500 lost a third of the kernel's ACKs during a bulk
     * send on a loaded machine, so the queue holds a 4 MiB window's worth of full-size packets instead.
     */
    public static final int TX_QUEUE_PACKETS = 4096;

    private final NetworkNamespace namespace;
    private final TunLink link;

    private TunNamespace(NetworkNamespace namespace, TunLink link) {
        this.namespace = namespace;
        this.link = link;
    }

    /** Why this process cannot make one (not Linux, not root, no TUN), or empty when it can. */
    public static Optional<String> unavailableReason() {
        Optional<String> namespaces = NetworkNamespace.unavailableReason();
        return namespaces.isPresent() ? namespaces : TunDevice.unavailableReason();
    }

    /** A namespace named after {@code label}, its device carrying packets of up to {@code mtu} bytes. */
    public static TunNamespace create(String label, int mtu, Impairment impairment) throws IOException {
        return create(label, mtu, impairment, Trace.disabled());
    }

    /**
     * {@link #create(String, int, Impairment)}, the link recording TCP segments in {@code trace}; with offloads on a
     * link without impairment (an impairment drops and reorders packets, which offloads would make 64 KiB bursts).
     */
    public static TunNamespace create(String label, int mtu, Impairment impairment, Trace trace)
            throws IOException {
        return create(label, mtu, impairment, trace, impairment.isNone());
    }

    /**
     * A namespace named after {@code label}: a device of {@code mtu} bytes, with or without {@code offloads} (the
     * kernel then hands over TCP segments of up to 64 KiB: {@link TunDevice#offloads()}), impaired by
     * {@code impairment}, its TCP segments recorded in {@code trace}.
     */
    public static TunNamespace create(String label, int mtu, Impairment impairment, Trace trace, boolean offloads)
            throws IOException {
        Objects.requireNonNull(impairment, "impairment");
        Objects.requireNonNull(trace, "trace");
        NetworkNamespace namespace = NetworkNamespace.create(label);
        TunDevice device = null;
        try {
            String name = "fsmt" + ProcessHandle.current().pid();
            device = namespace.openTun(name, offloads);
            namespace.sysctl("net.ipv6.conf." + name + ".disable_ipv6", "1");
            namespace.ip("address", "add", KERNEL + "/" + PREFIX_LENGTH, "dev", name);
            namespace.ip("link", "set", name, "mtu", Integer.toString(mtu), "txqueuelen",
                    Integer.toString(TX_QUEUE_PACKETS), "up");
            return new TunNamespace(namespace, TunLink.open(device, ENDPOINT, PREFIX_LENGTH, mtu, impairment, trace));
        } catch (IOException | RuntimeException failure) {
            try (NetworkNamespace cleanup = namespace) {
                if (device != null) {
                    device.close();
                }
            } catch (IOException second) {
                failure.addSuppressed(second);
            }
            throw failure;
        }
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public TunLink link() {
        return link;
    }

    /** Closes the link (deleting the device) and deletes the namespace. */
    @Override
    public void close() throws IOException {
        try (NetworkNamespace closing = namespace) {
            link.close();
        }
    }
}
