package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpListener;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The kernel's events of a subscription, kept in order, for a test to wait on (the kernel's own word that something
 * happened, not a sleep) and to read a socket's whole kernel path from ({@link LinuxRfcMapping#path}).
 */
final class KernelEvents implements KernelTcpListener {

    private final List<KernelTcpEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(KernelTcpEvent e) {
        events.add(e);
        notifyAll();
    }

    synchronized List<KernelTcpEvent> all() {
        return List.copyOf(events);
    }

    /** Waits up to {@code bound} for an event that {@code matches}; an AssertionError naming {@code what} if none. */
    synchronized KernelTcpEvent await(String what, Duration bound, Predicate<KernelTcpEvent> matches)
            throws InterruptedException {
        awaitThat(what, bound, () -> events.stream().anyMatch(matches));
        return events.stream().filter(matches).findFirst().orElseThrow();
    }

    /**
     * Waits up to {@code bound}, re-checking at each event, until {@code holds} (which may read this object's
     * methods); an AssertionError naming {@code what} if it does not.
     */
    synchronized void awaitThat(String what, Duration bound, BooleanSupplier holds) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!holds.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the kernel did not report " + what + " within " + bound + ": " + events);
            }
            wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** Whether the kernel reported that the socket of {@code within} received a RST in that socket's life. */
    synchronized boolean resetReceived(KernelTcpEvent.SocketEvent within) {
        return life(within).stream().anyMatch(e -> e instanceof KernelTcpEvent.ResetReceived);
    }

    /** Whether {@code e} is a state change of the socket {@code local} → {@code remote} into {@code to}. */
    static boolean change(KernelTcpEvent e, InetSocketAddress local, InetSocketAddress remote, KernelTcpState to) {
        return e instanceof KernelTcpEvent.StateChange s && s.newState() == to && s.local().equals(local)
                && s.remote().equals(remote);
    }

    /** Whether the kernel made any socket {@code local} → {@code remote} (a state change of one). */
    synchronized boolean anySocket(InetSocketAddress local, InetSocketAddress remote) {
        return events.stream().anyMatch(e -> e instanceof KernelTcpEvent.StateChange s && s.local().equals(local)
                && s.remote().equals(remote));
    }

    /**
     * The RFC path of the socket {@code local} → {@code remote}: the socket is found by its addresses, then its
     * events are taken by the socket's identity, so a connecting socket's first change (local port still 0) counts.
     * Empty when the kernel reported no such socket.
     */
    synchronized List<TcpState> path(InetSocketAddress local, InetSocketAddress remote) {
        for (KernelTcpEvent e : events) {
            if (e instanceof KernelTcpEvent.StateChange s && s.local().equals(local) && s.remote().equals(remote)) {
                return path(s);
            }
        }
        return List.of();
    }

    /** The RFC path of the socket of {@code within}, in the life of that socket that holds it. */
    synchronized List<TcpState> path(KernelTcpEvent.SocketEvent within) {
        return LinuxRfcMapping.path(life(within));
    }

    /**
     * The events of the socket of {@code within}, from its making to its destruction, around {@code within}: the
     * kernel names a socket by its address, and gives a freed socket's memory, so its address, to a socket made later.
     */
    private List<KernelTcpEvent.SocketEvent> life(KernelTcpEvent.SocketEvent within) {
        int at = events.indexOf(within);
        int from = 0;
        for (int i = at - 1; i >= 0; i--) {
            if (events.get(i) instanceof KernelTcpEvent.SocketDestroyed d && d.socket() == within.socket()) {
                from = i + 1;
                break;
            }
        }
        List<KernelTcpEvent.SocketEvent> mine = new ArrayList<>();
        for (int i = from; i < events.size(); i++) {
            if (events.get(i) instanceof KernelTcpEvent.SocketEvent s && s.socket() == within.socket()) {
                if (s instanceof KernelTcpEvent.SocketDestroyed) {
                    break;
                }
                mine.add(s);
            }
        }
        return mine;
    }

    /**
     * The connects to {@code server}, in their order ({@code CLOSE -> SYN_SENT}, made inside {@code connect()}): a
     * connecting socket's own name, before the JDK can tell its local port.
     */
    synchronized List<KernelTcpEvent.StateChange> connecting(InetSocketAddress server) {
        List<KernelTcpEvent.StateChange> connects = new ArrayList<>();
        for (KernelTcpEvent e : events) {
            if (e instanceof KernelTcpEvent.StateChange s && s.oldState() == KernelTcpState.CLOSE
                    && s.newState() == KernelTcpState.SYN_SENT && s.remote().equals(server)) {
                connects.add(s);
            }
        }
        return connects;
    }

    /** The local address the kernel reported for the socket of {@code within} once its port was chosen; or null. */
    synchronized InetSocketAddress local(KernelTcpEvent.SocketEvent within) {
        for (KernelTcpEvent.SocketEvent s : life(within)) {
            if (s.local().getPort() != 0) {
                return s.local();
            }
        }
        return null;
    }
}
