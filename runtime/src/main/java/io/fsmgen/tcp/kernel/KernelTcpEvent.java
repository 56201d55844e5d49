package io.fsmgen.tcp.kernel;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the kernel's TCP stack reported through a tracepoint, as read by {@link KernelTransitionSource}.
 *
 * <p>Every event carries the kernel's timestamp in nanoseconds of {@code CLOCK_MONOTONIC}: the same clock as
 * {@link System#nanoTime()} on Linux, so an event can be placed between two {@code nanoTime()} readings of the
 * application (the source sets its instance's {@code trace_clock} to {@code mono} for exactly this).
 *
 * <p>Addresses are as seen from the socket the event is about: {@code local} is its own address and port,
 * {@code remote} the peer's. An IPv4-mapped IPv6 address is reported as the plain IPv4 address, as Java and
 * {@link KernelSocketEntry} report it. The socket identity is the kernel's {@code struct sock} address
 * ({@code skaddr}): unique among live sockets, reused after {@link SocketDestroyed}.
 */
public sealed interface KernelTcpEvent {

    /** Kernel time of the event, nanoseconds of {@code CLOCK_MONOTONIC} (comparable with {@link System#nanoTime()}). */
    long timestampNanos();

    /** An event about one socket. */
    sealed interface SocketEvent extends KernelTcpEvent {
        /** The kernel address of the socket ({@code skaddr}); 0 where the kernel had none (a reset sent for no socket). */
        long socket();

        /** The socket's own address and port. */
        InetSocketAddress local();

        /** The peer's address and port (the unspecified address and port 0 for a listener). */
        InetSocketAddress remote();
    }

    /**
     * {@code sock:inet_sock_set_state}: the socket changed state. Note two kernel facts: a connecting socket's
     * {@code CLOSE -> SYN_SENT} is reported before its local port is chosen (local port 0), and a passive socket is
     * reported from its creation at the handshake's last ACK, as {@code LISTEN -> SYN_RECV} (the listener's state is
     * copied into the child; the request socket before it, {@code NEW_SYN_RECV}, has no state-change event).
     */
    record StateChange(long timestampNanos, long socket, InetSocketAddress local, InetSocketAddress remote,
                       KernelTcpState oldState, KernelTcpState newState) implements SocketEvent {
        public StateChange {
            requireAddresses(local, remote);
            Objects.requireNonNull(oldState, "oldState");
            Objects.requireNonNull(newState, "newState");
        }
    }

    /**
     * {@code tcp:tcp_send_reset}: the kernel sent a RST. {@code socket} is 0 and {@code state} empty when no socket
     * matched the segment answered (e.g. a SYN to a closed port: {@code local} is then the refusing address). The
     * kernel fires this after the RST left: on loopback the peer's {@link ResetReceived} can come first.
     *
     * @param reason the kernel's {@code sk_rst_reason} name where the kernel reports one (Linux 6.10+), else empty
     */
    record ResetSent(long timestampNanos, long socket, InetSocketAddress local, InetSocketAddress remote,
                     Optional<KernelTcpState> state, Optional<String> reason) implements SocketEvent {
        public ResetSent {
            requireAddresses(local, remote);
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@code tcp:tcp_receive_reset}: the socket accepted a RST; its {@code -> CLOSE} state change follows. */
    record ResetReceived(long timestampNanos, long socket, InetSocketAddress local, InetSocketAddress remote)
            implements SocketEvent {
        public ResetReceived {
            requireAddresses(local, remote);
        }
    }

    /** {@code tcp:tcp_retransmit_skb}: the socket retransmitted a segment while in {@code state}. */
    record Retransmission(long timestampNanos, long socket, InetSocketAddress local, InetSocketAddress remote,
                          KernelTcpState state) implements SocketEvent {
        public Retransmission {
            requireAddresses(local, remote);
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * {@code tcp:tcp_destroy_sock}: the full socket was freed; its {@code skaddr} may be reused from now on. A
     * timewait minisocket that took over from it is not reported (it has no tracepoint). After a disconnect
     * (e.g. {@code SO_LINGER} 0) the kernel has already cleared the remote port, which is then 0 here.
     */
    record SocketDestroyed(long timestampNanos, long socket, InetSocketAddress local, InetSocketAddress remote)
            implements SocketEvent {
        public SocketDestroyed {
            requireAddresses(local, remote);
        }
    }

    /**
     * Events the kernel could not keep: its buffer for one CPU was full before the source read it (the per-CPU
     * {@code overrun} and {@code dropped events} counters of the instance's {@code stats}). Delivered to every
     * subscriber, so that a consumer never mistakes a gap for a quiet connection.
     *
     * @param cpu   the CPU whose buffer lost them
     * @param count how many events were lost since the previous report for that CPU
     */
    record EventsLost(long timestampNanos, int cpu, long count) implements KernelTcpEvent {
        public EventsLost {
            if (count <= 0) {
                throw new IllegalArgumentException("count must be positive: " + count);
            }
        }
    }

    private static void requireAddresses(InetSocketAddress local, InetSocketAddress remote) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }
}
