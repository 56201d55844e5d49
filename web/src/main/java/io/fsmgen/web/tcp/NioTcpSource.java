package io.fsmgen.web.tcp;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.nio.ConnectionInfo;
import io.fsmgen.tcp.nio.ConnectionListener;
import io.fsmgen.tcp.nio.NioTcpEndpoint;
import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The connections of a {@link NioTcpRuntime}. Its listener runs on the runtime's event loop: while no page is open
 * it returns after reading one volatile flag; while one is, it offers the transition to a bounded queue and, when
 * the queue is full, counts it as lost rather than wait.
 */
public final class NioTcpSource implements TcpSource {

    /** Transitions held for the publisher between two ticks, at most. */
    static final int QUEUE = 16_384;

    private final NioTcpRuntime runtime;
    private final ArrayBlockingQueue<Heard> heard = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong lost = new AtomicLong();
    private final TableKernelStates kernel = new TableKernelStates();
    private final KernelLane lane = new KernelLane();
    private final ConnectionListener listener = this::transitioned;
    private volatile boolean live;

    /** A transition as the loop thread hands it over: resolved into a row on the publisher's thread. */
    private record Heard(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to, long nanos) {}

    public NioTcpSource(NioTcpRuntime runtime) {
        this.runtime = runtime;
        runtime.addListener(listener);
    }

    private void transitioned(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to) {
        if (!live) {
            return;
        }
        if (to == TcpState.LISTEN && endpoint instanceof NioTcpListener && endpoint.localAddress() != null) {
            lane.followListener(endpoint.localAddress().getPort());
        }
        if (!heard.offer(new Heard(endpoint, from, event, to, System.nanoTime()))) {
            lost.incrementAndGet();
        }
    }

    @Override
    public String machine() {
        return "io.fsmgen.tcp.nio.NioTcpMachine";
    }

    @Override
    public ClassLoader loader() {
        return NioTcpRuntime.class.getClassLoader();
    }

    @Override
    public String describe() {
        return "fsmgen's NIO runtime: one NioTcpMachine per connection; kernel column "
                + (kernel.available() ? "read from the kernel's socket table (" + kernel.source() + ")"
                        : "not available here") + "; " + lane.describe();
    }

    @Override
    public void live(boolean on) {
        live = on;
        lane.live(on);
        if (!on) {
            heard.clear();
        }
    }

    @Override
    public void drain(Consumer<TcpTransition> into) {
        for (Heard h; (h = heard.poll()) != null; ) {
            NioTcpEndpoint e = h.endpoint();
            ConnectionInfo info = e.info();
            boolean handshake = h.to() == TcpState.LISTEN || h.to() == TcpState.SYN_RECEIVED
                    || h.to() == TcpState.ESTABLISHED;
            into.accept(new TcpTransition(e.id(), side(e, info), TcpTransition.Lane.MACHINE, e.localAddress(),
                    e.remoteAddress(), h.from().name(), h.event().name(), h.to().name(), h.nanos(),
                    info.inferredFromAccept() && handshake));
        }
        lane.drain(c -> into.accept(new TcpTransition(-1, TcpTransition.Side.SERVER, TcpTransition.Lane.KERNEL,
                c.local(), c.remote(), c.oldState().rfcName(), c.oldState() + " -> " + c.newState(),
                c.newState().rfcName(), c.timestampNanos(), false)));
    }

    @Override
    public long lost() {
        return lost.get() + lane.lost();
    }

    @Override
    public void states(StateVisitor visitor) {
        for (NioTcpEndpoint e : runtime.registry().endpoints()) {
            visitor.visit(e.id(), e.state().name());
        }
    }

    @Override
    public void rows(Consumer<TcpRow> into) {
        Set<Integer> ports = new HashSet<>();
        for (NioTcpEndpoint e : runtime.registry().endpoints()) {
            ConnectionInfo info = e.info();
            if (info.local() != null) {
                ports.add(info.local().getPort());
            }
            into.accept(new TcpRow(info.id(), side(e, info), info.local(), info.remote(), info.state().name(),
                    info.observed(), info.timeInState().toMillis(), info.bytesIn(), info.bytesOut(),
                    info.handler()));
        }
        lane.follow(ports);
    }

    @Override
    public Optional<Duration> leakAfter() {
        return Optional.ofNullable(runtime.options().closeWaitLeak());
    }

    @Override
    public KernelStates kernel() {
        return kernel;
    }

    @Override
    public void close() {
        runtime.removeListener(listener);
        heard.clear();
        lane.close();
    }

    private static TcpTransition.Side side(NioTcpEndpoint e, ConnectionInfo info) {
        if (e instanceof NioTcpListener) {
            return TcpTransition.Side.LISTENER;
        }
        return info.kind() == ConnectionInfo.Kind.ACTIVE ? TcpTransition.Side.CLIENT : TcpTransition.Side.SERVER;
    }
}
