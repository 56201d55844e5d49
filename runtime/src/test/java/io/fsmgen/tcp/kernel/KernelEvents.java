package io.fsmgen.tcp.kernel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records what a {@link KernelTransitionSource} delivers, and reads it back per socket as compact text such as
 * {@code "CLOSE>SYN_SENT SYN_SENT>ESTABLISHED ESTABLISHED>FIN_WAIT1 rst-in destroy"}.
 */
final class KernelEvents implements KernelTcpListener {

    private final List<KernelTcpEvent> events = new ArrayList<>();
    private final java.util.Set<Integer> ports = new java.util.HashSet<>();
    private final java.util.Set<Long> sockets = new java.util.HashSet<>();
    private final boolean everything;

    /** Keeps every event. */
    KernelEvents() {
        this.everything = true;
    }

    /**
     * Keeps the events of sockets that ever had one of {@code ports} as local or remote port (from that event on),
     * for host-wide subscriptions; more ports can be added with {@link #watch}.
     */
    KernelEvents(int... ports) {
        this.everything = false;
        for (int p : ports) {
            this.ports.add(p);
        }
    }

    synchronized void watch(int port) {
        ports.add(port);
    }

    @Override
    public synchronized void onEvent(KernelTcpEvent event) {
        if (!everything && event instanceof KernelTcpEvent.SocketEvent s) {
            boolean byPort = ports.contains(s.local().getPort()) || ports.contains(s.remote().getPort());
            if (byPort && s.socket() != 0) {
                sockets.add(s.socket());
            }
            if (!byPort && !sockets.contains(s.socket())) {
                return;
            }
            if (event instanceof KernelTcpEvent.SocketDestroyed) {
                sockets.remove(s.socket());
            }
        }
        events.add(event);
        notifyAll();
    }

    synchronized List<KernelTcpEvent> all() {
        return List.copyOf(events);
    }

    /** Waits (bounded, generously) until an event matching {@code p} has arrived. */
    synchronized KernelTcpEvent await(Predicate<KernelTcpEvent> p, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            for (KernelTcpEvent e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching kernel event within " + bound + "; got " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The kernel socket ({@code skaddr}) that had {@code local} and {@code remote} in some event. */
    synchronized long socketOf(InetSocketAddress local, InetSocketAddress remote) {
        for (KernelTcpEvent e : events) {
            if (e instanceof KernelTcpEvent.SocketEvent s && s.socket() != 0 && s.local().equals(local)
                    && s.remote().equals(remote)) {
                return s.socket();
            }
        }
        throw new AssertionError("no kernel event for " + local + " <-> " + remote + " in " + events);
    }

    /** The events of one kernel socket, in delivery order, up to its destruction (its address may be reused). */
    synchronized List<KernelTcpEvent.SocketEvent> of(long socket) {
        List<KernelTcpEvent.SocketEvent> mine = new ArrayList<>();
        for (KernelTcpEvent e : events) {
            if (e instanceof KernelTcpEvent.SocketEvent s && s.socket() == socket) {
                mine.add(s);
                if (s instanceof KernelTcpEvent.SocketDestroyed) {
                    break;
                }
            }
        }
        return mine;
    }

    /** {@link #of} as text. */
    synchronized String story(long socket) {
        List<String> parts = new ArrayList<>();
        for (KernelTcpEvent e : of(socket)) {
            parts.add(text(e));
        }
        return String.join(" ", parts);
    }

    /** The story of the socket with these addresses. */
    String story(InetSocketAddress local, InetSocketAddress remote) {
        return story(socketOf(local, remote));
    }

    static String text(KernelTcpEvent e) {
        if (e instanceof KernelTcpEvent.StateChange c) {
            return c.oldState() + ">" + c.newState();
        } else if (e instanceof KernelTcpEvent.ResetSent) {
            return "rst-out";
        } else if (e instanceof KernelTcpEvent.ResetReceived) {
            return "rst-in";
        } else if (e instanceof KernelTcpEvent.Retransmission) {
            return "retrans";
        } else if (e instanceof KernelTcpEvent.SocketDestroyed) {
            return "destroy";
        }
        return "lost" + ((KernelTcpEvent.EventsLost) e).count();
    }
}
