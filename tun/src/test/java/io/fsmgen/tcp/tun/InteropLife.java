package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One connection between the endpoint and the kernel, from open to both sides' final state, with the transfer and
 * the ending the test asks for. Every wait is on an event (a segment, a timer, a kernel thread's milestone), bounded
 * by {@link #LIMIT}; nothing sleeps.
 */
final class InteropLife {

    /** Who opens. */
    enum Direction {
        /** A kernel socket connects to the endpoint's listener. */
        KERNEL_CLIENT,
        /** The endpoint connects to a kernel listener. */
        ENDPOINT_CLIENT
    }

    /** How the connection ends, once both payloads have arrived. */
    enum Ending {
        CLIENT_FIRST, SERVER_FIRST, SIMULTANEOUS,
        /** The kernel closes with SO_LINGER 0: a RST. */
        KERNEL_RESET,
        /** The endpoint's ABORT: a RST. */
        ENDPOINT_ABORT
    }

    /** A generous bound on each phase, for a loaded machine; a healthy life takes well under a second. */
    static final Duration LIMIT = Duration.ofSeconds(40);
    /** The endpoint's MSL on a clean link: TIME-WAIT lasts 100 ms, so that lives end quickly. */
    static final Duration MSL = Duration.ofMillis(50);

    /**
     * What both sides ended with.
     *
     * @param endpointClosedPortResets RSTs the endpoint sent as a closed port ({@link TcpEndpoint#closedPortResets}):
     *                                 answers to the kernel's segments that arrived after the connection's TCB was
     *                                 gone, while the endpoint was still attached to the link
     */
    record Outcome(List<TcpState> endpointStates, List<TcpSignal> endpointSignals, KernelPeer.End kernelEnd,
            boolean kernelWriteSawReset,
            Optional<KernelTcpState> kernelFinal, long endpointClosedPortResets, String sentToKernel,
            String kernelReceived, String sentToEndpoint, String endpointReceived, long millis) {
    }

    private final TunNamespace net;
    private final EndpointLoop loop;
    private final Direction direction;
    private final Ending ending;
    private final int endpointPort;
    private final int kernelPort;
    private final Payload toKernel;
    private final Payload toEndpoint;
    private final EndpointSide side;
    private final Duration msl;
    private final KernelTransitionSource transitions;
    /** The kernel's socket for this life leaving its last state: its tracepoint, {@code X -> CLOSE}. */
    private final CompletableFuture<KernelTcpEvent.StateChange> kernelSocketClosed = new CompletableFuture<>();
    private TcpEndpoint endpoint;
    private KernelPeer kernel;

    /**
     * @param transitions the kernel's TCP tracepoints, which tell when the kernel's socket is done
     * @param firstPort   the endpoint's port is this plus {@code index}; unique to this process, since tracepoints are
     *                    host-wide and other processes may run the same lives in namespaces of their own
     */
    InteropLife(TunNamespace net, EndpointLoop loop, KernelTransitionSource transitions, Direction direction,
            Ending ending, int bytesEachWay, int firstPort, int index, Duration msl) {
        this.msl = msl;
        this.transitions = transitions;
        this.net = net;
        this.loop = loop;
        this.direction = direction;
        this.ending = ending;
        this.endpointPort = firstPort + index;
        this.kernelPort = 5_000 + index;
        this.toKernel = Payload.of(bytesEachWay, index);
        this.toEndpoint = Payload.of(bytesEachWay, ~index);
        this.side = new EndpointSide(toKernel);
    }


    Outcome run() throws IOException {
        long start = System.nanoTime();
        endpoint = loop.endpoint("endpoint", EndpointConfig.loopback(msl), endpointPort, Trace.disabled());
        try (KernelTransitionSource.Subscription watch = transitions.subscribe(List.of(endpointPort),
                this::kernelEvent)) {
            open();
            until(() -> side.received() == toEndpoint.length() && side.allSentAndAcknowledged()
                    && kernel.allReceived.isDone() && kernel.allSent.isDone(), "transfer");
            end();
            TcpConnection connection = side.connection();
            Optional<KernelTcpState> kernelFinal = kernelFinalState();
            return new Outcome(connection.states(), connection.signals(), kernel.ended.join(), kernel.pokeSawReset(),
                    kernelFinal, endpoint.closedPortResets(),
                    toKernel.sha256(), kernel.receivedSha256(), toEndpoint.sha256(), side.receivedSha256(),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            net.link().detach(endpointPort);
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    /** The endpoint opens actively or passively; the kernel's side then starts its reader and writer. */
    private void open() throws IOException {
        InetSocketAddress kernelAddress = new InetSocketAddress(TunNamespace.KERNEL.toInetAddress(), kernelPort);
        if (direction == Direction.ENDPOINT_CLIENT) {
            try (ServerSocketChannel listener = net.namespace().call(() -> ServerSocketChannel.open()
                    .bind(kernelAddress))) {
                CompletableFuture<SocketChannel> accepted = async(listener::accept);
                side.attach(endpoint.connect(EndpointAddress.of(TunNamespace.KERNEL, kernelPort)));
                until(() -> accepted.isDone() && side.connection().state() == TcpState.ESTABLISHED, "handshake");
                kernel = new KernelPeer(accepted.join(), toEndpoint, toKernel.length(), loop::wakeup);
            }
        } else {
            TcpListener listener = endpoint.listen();
            SocketChannel channel = net.namespace().call(SocketChannel::open);
            CompletableFuture<SocketChannel> connected = async(() -> {
                channel.connect(new InetSocketAddress(TunNamespace.ENDPOINT.toInetAddress(), endpointPort));
                return channel;
            });
            until(() -> {
                listener.accept().ifPresent(side::attach);
                return connected.isDone() && side.connection() != null;
            }, "handshake");
            listener.close();
            kernel = new KernelPeer(connected.join(), toEndpoint, toKernel.length(), loop::wakeup);
        }
    }

    private void end() throws IOException {
        TcpConnection connection = side.connection();
        boolean endpointClient = direction == Direction.ENDPOINT_CLIENT;
        switch (ending) {
            case CLIENT_FIRST, SERVER_FIRST -> {
                if (endpointClient == (ending == Ending.CLIENT_FIRST)) {
                    endpointClosesFirst(connection);
                } else {
                    kernelClosesFirst(connection);
                }
            }
            case SIMULTANEOUS -> {
                // The kernel's FIN leaves inside shutdownOutput; ours follows before the link hands us theirs.
                kernel.shutdownOutput();
                connection.close();
                until(() -> connection.state() == TcpState.CLOSED && kernel.ended.isDone(), "simultaneous close");
            }
            case KERNEL_RESET -> {
                kernel.reset();
                boolean[] poked = {false};
                until(() -> {
                    if (!poked[0] && kernel.ended.isDone() && connection.state() == TcpState.ESTABLISHED) {
                        connection.send(new byte[] {1}); // if the RST was lost, the kernel answers this with one
                        poked[0] = true;
                    }
                    return connection.state() == TcpState.CLOSED;
                }, "the kernel's RST");
            }
            case ENDPOINT_ABORT -> {
                connection.abort();
                kernel.poke(); // if our RST was lost, the endpoint answers this byte with one
                until(() -> kernel.ended.isDone(), "the kernel seeing the RST");
            }
        }
    }

    /** Ours first: the kernel reads end of stream; it closes once we are in FIN-WAIT-2, so we always pass it. */
    private void endpointClosesFirst(TcpConnection connection) throws IOException {
        connection.close();
        until(() -> kernel.ended.isDone() && connection.state() == TcpState.FIN_WAIT_2, "our FIN");
        kernel.close();
        until(() -> connection.state() == TcpState.CLOSED, "TIME-WAIT");
    }

    /** Theirs first: we read end of stream in CLOSE-WAIT, then close. */
    private void kernelClosesFirst(TcpConnection connection) throws IOException {
        kernel.shutdownOutput();
        until(() -> connection.state() == TcpState.CLOSE_WAIT && connection.isEndOfStream(), "their FIN");
        connection.close();
        until(() -> connection.state() == TcpState.CLOSED && kernel.ended.isDone(), "LAST-ACK");
        kernel.close();
    }

    /**
     * The kernel's state for this connection's 4-tuple once its socket is done: TIME-WAIT where the kernel closed
     * actively, none (CLOSED) otherwise. The kernel may still be retransmitting its FIN (our last ACK was lost) or
     * handle our last segment just after our write returns, so the loop keeps running, answering what arrives, until
     * the kernel's tracepoint reports the socket's move to CLOSE (Linux reports that move also where a TIME-WAIT
     * socket takes its place), within {@link #LIMIT}; then {@code ss} says what is left of the 4-tuple.
     */
    private Optional<KernelTcpState> kernelFinalState() throws IOException {
        try {
            loop.runUntil(kernelSocketClosed::isDone, LIMIT, () -> "the kernel's socket closing, as its tracepoint"
                    + " reports it; ss shows " + kernelStateOrFailure());
        } catch (IOException notClosed) {
            // reported by the caller's assertion on the state ss shows
        }
        return kernelState();
    }

    /** On the tracepoint reader's thread: notes the kernel's socket for this life reaching CLOSE. */
    private void kernelEvent(KernelTcpEvent event) {
        if (event instanceof KernelTcpEvent.StateChange change && change.newState() == KernelTcpState.CLOSE
                && change.local().getAddress().equals(TunNamespace.KERNEL.toInetAddress())
                && change.remote().getAddress().equals(TunNamespace.ENDPOINT.toInetAddress())
                && change.remote().getPort() == endpointPort) {
            kernelSocketClosed.complete(change);
            loop.wakeup();
        }
    }

    private String kernelStateOrFailure() {
        try {
            return kernelState().map(Enum::name).orElse("no socket");
        } catch (IOException e) {
            return "nothing (" + e.getMessage() + ")";
        }
    }

    Optional<KernelTcpState> expectedKernelFinal() {
        boolean kernelClosedFirst = switch (ending) {
            case CLIENT_FIRST -> direction == Direction.KERNEL_CLIENT;
            case SERVER_FIRST -> direction == Direction.ENDPOINT_CLIENT;
            case SIMULTANEOUS -> true;
            case KERNEL_RESET, ENDPOINT_ABORT -> false;
        };
        return kernelClosedFirst ? Optional.of(KernelTcpState.TIME_WAIT) : Optional.empty();
    }

    private Optional<KernelTcpState> kernelState() throws IOException {
        EndpointAddress local = side.connection().id().local();
        for (KernelSocketEntry entry : net.namespace().tcpSockets()) {
            if (entry.remote().getPort() == local.port()
                    && entry.remote().getAddress().equals(local.ip().toInetAddress())) {
                return Optional.of(entry.state());
            }
        }
        return Optional.empty();
    }

    private void until(BooleanSupplier condition, String phase) throws IOException {
        loop.runUntil(() -> {
            side.pump();
            return condition.getAsBoolean();
        }, LIMIT, () -> phase + " of " + direction + " " + ending + ": " + side + "; kernel received "
                + (kernel == null ? 0 : kernel.received()) + (kernel == null ? "" : " " + kernel.failure()));
    }

    private interface Blocking<T> {
        T call() throws IOException;
    }

    private <T> CompletableFuture<T> async(Blocking<T> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(call.call());
            } catch (IOException e) {
                future.completeExceptionally(new UncheckedIOException(e));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
            loop.wakeup();
        }, "kernel " + direction);
        thread.setDaemon(true);
        thread.start();
        return future;
    }
}
