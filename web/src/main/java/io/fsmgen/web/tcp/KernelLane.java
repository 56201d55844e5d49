package io.fsmgen.web.tcp;

import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The kernel's own transitions of a runtime's connections, for the timelines' kernel lane: a
 * {@link KernelTransitionSource} (the tracepoint {@code sock:inet_sock_set_state} through a private tracefs instance)
 * subscribed to the ports of the table's rows. Opened when a page first opens, only where the tracepoint can be read
 * (Linux, root); elsewhere the lane stays empty and {@link #describe()} says why.
 *
 * <p>The source's reader thread offers each state change to a bounded queue, counting what does not fit; the
 * publisher drains it. Each transition is given with the RFC names of Linux's states, and Linux's own in the event.
 */
final class KernelLane implements AutoCloseable {

    static final int QUEUE = 16_384;

    private final ArrayBlockingQueue<KernelTcpEvent.StateChange> heard = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong lost = new AtomicLong();
    private final Consumer<KernelTcpEvent> listener = this::heard;
    private KernelTransitionSource source;
    private KernelTransitionSource.Subscription subscription;
    private Set<Integer> ports = Set.of();
    private final Set<Integer> listenerPorts = new TreeSet<>();
    private String unavailable;
    private volatile boolean live;

    private void heard(KernelTcpEvent event) {
        if (live && event instanceof KernelTcpEvent.StateChange change && !heard.offer(change)) {
            lost.incrementAndGet();
        }
    }

    /** Records while true; opens the source the first time. */
    synchronized void live(boolean on) {
        live = on;
        if (!on) {
            heard.clear();
            return;
        }
        if (source == null && unavailable == null) {
            var availability = KernelTransitionSource.availability();
            if (!availability.isAvailable()) {
                unavailable = availability.reason().orElse("the tracepoint cannot be read here");
                return;
            }
            try {
                source = KernelTransitionSource.open();
            } catch (KernelTraceUnavailableException e) {
                unavailable = e.getMessage();
                System.getLogger("io.fsmgen.web").log(Level.INFO, "no kernel lane on the live page: " + unavailable);
            }
        }
    }

    /**
     * Follows a listener's port at once, from the runtime's loop thread as the listener opens: the connections to
     * it may start in the same instant, and their first kernel transitions must not be missed. Writing the kernel
     * filter takes microseconds; it happens once per listener, and only while a page is open.
     */
    synchronized void followListener(int port) {
        if (live && listenerPorts.add(port)) {
            Set<Integer> wanted = new TreeSet<>(ports);
            wanted.add(port);
            follow(wanted);
        }
    }

    /** Follows these local ports (the table's rows) and the listeners'; re-subscribes only when they change. */
    synchronized void follow(Set<Integer> localPorts) {
        Set<Integer> wanted = new TreeSet<>(localPorts);
        wanted.addAll(listenerPorts);
        if (source == null || source.isClosed() || wanted.equals(ports)) {
            return;
        }
        ports = Set.copyOf(wanted);
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (!ports.isEmpty()) {
            subscription = source.subscribe(ports, listener::accept);
        }
    }

    void drain(Consumer<KernelTcpEvent.StateChange> into) {
        for (KernelTcpEvent.StateChange c; (c = heard.poll()) != null; ) {
            into.accept(c);
        }
    }

    long lost() {
        return lost.get() + (source == null ? 0 : source.lostEvents());
    }

    /** Where the lane comes from, or why it is empty. */
    String describe() {
        return source != null ? "kernel transitions from the tracepoint (tracefs instance " + source.instanceName()
                + ")" : unavailable != null ? "no kernel transitions: " + unavailable
                : "kernel transitions once a page is open";
    }

    @Override
    public synchronized void close() {
        live = false;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (source != null) {
            source.close();
            source = null;
            unavailable = "the page's server is closed";
        }
        heard.clear();
    }
}
