package io.fsmgen.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Linux TUN device in layer-3 mode without packet information ({@code IFF_TUN | IFF_NO_PI}): each {@link #read}
 * returns one IP packet the kernel routed into the device, each {@link #write} hands one IP packet to the kernel as if
 * it had arrived on it. Opening needs root or {@code CAP_NET_ADMIN}; {@link #unavailableReason()} says beforehand
 * whether this process can, and {@link #open} fails with that reason rather than a bare errno.
 *
 * <p>The descriptor is non-blocking. One thread owns reading, writing and {@link #await}; {@link #wakeup()} may be
 * called from any thread, before or after {@link #close()}.
 */
public final class TunDevice implements AutoCloseable {

    /** Linux's {@code IFNAMSIZ} less the terminating zero. */
    public static final int MAX_NAME_LENGTH = 15;

    private final String name;
    private final String where;
    private final boolean offloads;
    private final int fd;
    private final int wakeFd;
    private boolean closed;

    private TunDevice(String name, String where, boolean offloads, int fd, int wakeFd) {
        this.name = name;
        this.where = where;
        this.offloads = offloads;
        this.fd = fd;
        this.wakeFd = wakeFd;
    }

    /**
     * Why this process cannot open a TUN device, or empty when it can: not Linux, no JNI library in the build, no
     * {@code /dev/net/tun}, or no {@code CAP_NET_ADMIN}.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> library = LinuxNative.problem();
        if (library.isPresent()) {
            return library;
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return Optional.of("there is no /dev/net/tun: the kernel's TUN driver is not available (modprobe tun)");
        }
        return Capabilities.missing("a TUN device", Capabilities.CAP_NET_ADMIN);
    }

    /** Creates TUN device {@code name} in this process's network namespace, without offloads. */
    public static TunDevice open(String name) throws IOException {
        return open(name, null, false);
    }

    /**
     * Creates TUN device {@code name} inside the network namespace bound at {@code namespace} (e.g.
     * {@code /run/netns/NAME}), or in this process's own when null. The device stays in that namespace; this process
     * keeps the descriptor.
     *
     * <p>With {@code offloads}, each packet read or written starts with a {@code virtio_net_hdr}
     * ({@link #offloads()}), and the kernel hands over TCP/IPv4 segments of up to 64 KiB (TSO), their checksum
     * possibly left to this side, and takes them the same way: one system call per 64 KiB instead of one per MTU.
     */
    public static TunDevice open(String name, Path namespace, boolean offloads) throws IOException {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(c -> c > ' ' && c < 127
                && c != '/' && c != ':')) {
            throw new IllegalArgumentException("a TUN device name is 1 to 15 printable ASCII characters without"
                    + " '/', ':' or spaces: '" + name + "'");
        }
        Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            throw new LinuxUnavailableException("cannot open TUN device " + name + ": " + unavailable.get());
        }
        String where = namespace == null ? "this network namespace" : "network namespace " + namespace;
        int fd;
        try {
            fd = LinuxNative.openTun(name, namespace == null ? null : namespace.toString(), offloads);
        } catch (ErrnoException failure) {
            if (failure.isPermissionDenied()) {
                throw new LinuxUnavailableException("cannot open TUN device " + name + " in " + where
                        + ": it needs root or CAP_NET_ADMIN (" + failure.getMessage() + ")", failure);
            }
            throw new IOException("cannot open TUN device " + name + " in " + where + ": " + failure.getMessage(),
                    failure);
        }
        int wakeFd;
        try {
            wakeFd = LinuxNative.eventFd();
        } catch (ErrnoException failure) {
            LinuxNative.close(fd);
            throw failure;
        }
        return new TunDevice(name, where, offloads, fd, wakeFd);
    }

    public String name() {
        return name;
    }

    /** Whether packets carry a {@code virtio_net_hdr} and may be TCP segments of up to 64 KiB. */
    public boolean offloads() {
        return offloads;
    }

    /**
     * Reads one packet into {@code buffer} (which should hold 65535 bytes, and a {@code virtio_net_hdr} with
     * offloads); returns its length, or -1 if none.
     */
    public int read(byte[] buffer) throws IOException {
        return LinuxNative.read(fd, buffer, 0, buffer.length);
    }

    /** Hands one IP packet to the kernel. */
    public void write(byte[] packet, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, packet.length);
        LinuxNative.write(fd, packet, offset, length);
    }

    /**
     * Waits up to {@code timeout} until a packet can be read or {@link #wakeup()} is called. A zero timeout only
     * looks. Returns whether a packet is waiting (a wake-up alone returns false).
     *
     * @throws IOException if the device went away (deleted with its namespace) or the wait failed
     */
    public boolean await(Duration timeout) throws IOException {
        long millis = timeout.isNegative() ? 0 : Math.min(Integer.MAX_VALUE, timeout.toMillis());
        if (millis == 0 && !timeout.isZero()) {
            millis = 1; // a sub-millisecond wait rounds up rather than spinning
        }
        int ready = LinuxNative.poll(fd, wakeFd, (int) millis);
        if ((ready & LinuxNative.HANGUP) != 0) {
            throw new IOException("TUN device " + name + " in " + where + " is gone (its namespace was deleted?)");
        }
        return (ready & LinuxNative.READABLE) != 0;
    }

    /** Ends a current or the next {@link #await} early. Thread-safe; does nothing after {@link #close()}. */
    public synchronized void wakeup() {
        if (closed) {
            return;
        }
        try {
            LinuxNative.signal(wakeFd);
        } catch (ErrnoException impossible) {
            throw new IllegalStateException("cannot signal the wake-up eventfd of " + name, impossible);
        }
    }

    /** Closes the descriptor: the kernel deletes the device (it is not persistent). Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LinuxNative.close(fd);
        } finally {
            LinuxNative.close(wakeFd);
        }
    }

    @Override
    public String toString() {
        return "TUN " + name + " in " + where;
    }
}
