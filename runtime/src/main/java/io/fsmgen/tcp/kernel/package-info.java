/**
 * The Linux kernel's own view of TCP sockets, read from {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 *
 * <p>Why this exists: {@code java.nio} never reports the ACK of our FIN (FIN_WAIT_1 → FIN_WAIT_2,
 * CLOSING → TIME_WAIT, LAST_ACK → CLOSED) nor the end of TIME_WAIT, and after {@code close()} the
 * channel is gone while the kernel still holds the connection. The only unprivileged place that
 * shows those transitions is the kernel's socket table, matched by 4-tuple. The NIO runtime polls it
 * while a connection waits on such a transition, and a demo prints it beside each step.
 *
 * <p>Pieces: {@link io.fsmgen.tcp.kernel.KernelTcpState} (Linux numbering and its RFC name),
 * {@link io.fsmgen.tcp.kernel.KernelSocketEntry} (one row), {@link io.fsmgen.tcp.kernel.ProcNetTcpParser}
 * (text to rows, reporting bad lines by number), {@link io.fsmgen.tcp.kernel.KernelTcpTable} (reads
 * both files per snapshot) and {@link io.fsmgen.tcp.kernel.KernelTcpSnapshot} (the 4-tuple index),
 * {@link io.fsmgen.tcp.kernel.SsFormat} (an {@code ss}-style rendering), {@link io.fsmgen.tcp.kernel.SsTcpTable} and
 * {@link io.fsmgen.tcp.kernel.SsTcpParser} (the same snapshots through {@code ss}, filtered by the kernel: cheaper
 * than {@code /proc} with many sockets, which prints every one).
 *
 * <p><b>The kernel's own transitions.</b> {@link io.fsmgen.tcp.kernel.KernelTransitionSource} reads the tracepoints
 * {@code sock:inet_sock_set_state} and {@code tcp:tcp_send_reset}, {@code tcp_receive_reset},
 * {@code tcp_retransmit_skb}, {@code tcp_destroy_sock} from a private tracefs instance, as
 * {@link io.fsmgen.tcp.kernel.KernelTcpEvent}s in kernel order with {@code CLOCK_MONOTONIC} timestamps; it needs root
 * and says why when it cannot run ({@link io.fsmgen.tcp.kernel.KernelTraceAvailability}), so that callers fall back to
 * the snapshots above. Internals: {@code Tracefs}, {@code TracefsInstance}, {@code TraceEventFormat},
 * {@code RingBufferPage}, {@code TcpTraceDecoder}, {@code TraceStream} (per-CPU readers merged in order),
 * {@code PortFilter}, {@code CpuBufferStats}.
 *
 * <p>On kernels without {@code /proc/net/tcp} (non-Linux), {@link io.fsmgen.tcp.kernel.KernelTcpTable#isAvailable()}
 * is false and callers report the state as unobserved.
 */
package io.fsmgen.tcp.kernel;
