package io.fsmgen.examples.tun;

import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The kernel's column from its own tracepoints ({@link KernelTransitionSource}): every state change of the sockets
 * on the watched port and address, and every RST it sent or received, with the kernel's timestamps, in the kernel's
 * order. Tracepoints are host-wide, so the kernel filters by port and this class by the namespace's address.
 */
final class TracepointKernelWatch implements KernelWatch {

    private static final Duration SYNC_LIMIT = Duration.ofSeconds(30);

    private final KernelTransitionSource source;
    private final KernelTransitionSource.Subscription subscription;
    private final InetAddress address;
    private final List<KernelRow> rows = new ArrayList<>();

    private TracepointKernelWatch(KernelTransitionSource source, int port, InetAddress address) {
        this.source = source;
        this.address = address;
        this.subscription = source.subscribe(List.of(port), this::onEvent);
    }

    /** Opens a tracefs instance watching {@code address}:{@code port}; throws with the reason where it cannot. */
    static TracepointKernelWatch open(int port, InetAddress address) throws KernelTraceUnavailableException {
        return new TracepointKernelWatch(KernelTransitionSource.open(), port, address);
    }

    @Override
    public String source() {
        return "the kernel column is the kernel's own tracepoints (sock:inet_sock_set_state, tcp:tcp_send_reset,"
                + " tcp:tcp_receive_reset) read from a private tracefs instance, with the kernel's timestamps. A"
                + " passive socket appears only when the handshake's last ACK creates it, as LISTEN -> SYN_RECV ->"
                + " ESTABLISHED at once: the request socket before it has no tracepoint";
    }

    @Override
    public CompletableFuture<Void> settled() {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                if (source.sync(SYNC_LIMIT)) {
                    settled.complete(null);
                } else {
                    settled.completeExceptionally(new IOException("the kernel's tracepoints did not catch up within "
                            + SYNC_LIMIT.toSeconds() + " s"));
                }
            } catch (InterruptedException | RuntimeException e) {
                settled.completeExceptionally(e);
            }
        }, "tracepoint sync");
        thread.setDaemon(true);
        thread.start();
        return settled;
    }

    @Override
    public synchronized List<KernelRow> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() throws IOException {
        try (KernelTransitionSource closing = source) {
            subscription.close();
        }
    }

    /** On the source's reader thread. */
    private synchronized void onEvent(KernelTcpEvent event) {
        String text = null;
        if (event instanceof KernelTcpEvent.StateChange change && ours(change)) {
            text = change.oldState() + " -> " + change.newState();
        } else if (event instanceof KernelTcpEvent.ResetSent reset && ours(reset)) {
            text = "sent RST";
        } else if (event instanceof KernelTcpEvent.ResetReceived reset && ours(reset)) {
            text = "received RST";
        } else if (event instanceof KernelTcpEvent.EventsLost lost) {
            text = "(" + lost.count() + " events lost on CPU " + lost.cpu() + ")";
        }
        if (text != null) {
            rows.add(new KernelRow(event.timestampNanos(), text));
        }
    }

    private boolean ours(KernelTcpEvent.SocketEvent event) {
        return event.local().getAddress().equals(address);
    }
}
