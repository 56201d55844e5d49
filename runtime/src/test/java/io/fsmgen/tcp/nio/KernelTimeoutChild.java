package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.testing.FinGate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A peer that vanishes, run in a {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} by {@link KernelTimeoutTest}: a
 * runtime server accepts a plain client; the client sends its FIN (argument {@code CLOSE_WAIT}) or not
 * ({@code ESTABLISHED}); then {@link FinGate} holds every packet on {@code lo} and the server writes, so the kernel
 * retransmits into the void and gives up after {@code tcp_retries2 = 3} (set in this namespace only). Prints each
 * transition of the server's machine ({@code step FROM --EVENT--> TO}), then {@code closed CAUSE detail}.
 * Arguments: the state the server waits in, and the transition source.
 *
 * <p>With {@code FIN_WAIT_1} (tracepoint only) the server also closes after its write, its FIN queued behind the
 * unacknowledged data, and the kernel's answer to that close ({@code ESTABLISHED -> FIN_WAIT1}) is dropped before the
 * runtime reads it, as if it were late: the close still waits for the kernel's word when the kernel gives up, so the
 * socket's ETIMEDOUT and the kernel's {@code FIN_WAIT1 -> CLOSE} race, and either must lead through FIN_WAIT_1.
 */
final class KernelTimeoutChild {

    private KernelTimeoutChild() {}

    public static void main(String[] args) throws Exception {
        boolean peerFinishes = args[0].equals("CLOSE_WAIT");
        boolean closesAhead = args[0].equals("FIN_WAIT_1");
        TransitionSource source = TransitionSource.valueOf(args[1]);
        Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_retries2"), "3");
        List<String> steps = new CopyOnWriteArrayList<>();
        CompletableFuture<NioTcpConnection> opened = new CompletableFuture<>();
        CompletableFuture<NioTcpConnection> finished = new CompletableFuture<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        NioTcpHandler server = new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                opened.complete(c);
            }

            @Override
            public void peerFinished(NioTcpConnection c) {
                finished.complete(c);
            }

            @Override
            public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                closed.complete(cause + " " + detail);
            }
        };
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(source))) {
            rt.addListener((endpoint, from, event, to) -> {
                if (endpoint instanceof NioTcpConnection c && c.kind() == ConnectionInfo.Kind.PASSIVE) {
                    steps.add(from + " --" + event + "--> " + to);
                }
            });
            if (closesAhead) {
                ((TracedTransitions) rt.hidden()).dropForTests(e -> e instanceof KernelTcpEvent.StateChange change
                        && change.newState() == KernelTcpState.FIN_WAIT1);
            }
            NioTcpListener listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), server);
            try (SocketChannel client = SocketChannel.open(listener.localAddress())) {
                NioTcpConnection c = opened.get(30, TimeUnit.SECONDS);
                if (peerFinishes) {
                    client.shutdownOutput();
                    finished.get(30, TimeUnit.SECONDS);
                }
                try (FinGate gate = FinGate.hold()) {
                    c.write(ByteBuffer.allocate(1000)); // retransmitted into the held queue until the kernel gives up
                    if (closesAhead) {
                        c.close(); // the FIN waits behind the data; the close waits for the kernel's word
                    }
                    String end = closed.get(60, TimeUnit.SECONDS);
                    steps.forEach(step -> System.out.println("step " + step));
                    System.out.println("closed " + end);
                }
            }
        }
    }
}
