package io.fsmgen.tcp.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTraceAvailability;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConnectionWatcherTest {

    static final Duration BOUND = Duration.ofSeconds(30);

    static final class Seen implements WatchListener {
        final List<WatchTransition> transitions = new ArrayList<>();

        @Override
        public synchronized void onTransition(WatchTransition t) {
            transitions.add(t);
            notifyAll(); // for await
        }

        synchronized List<WatchTransition> of(int port) {
            return transitions.stream().filter(t -> t.local().getPort() == port || t.remote().getPort() == port)
                    .collect(Collectors.toList());
        }

        /** The first transition {@code wanted} accepts, once it has come; bounded by {@link #BOUND}. */
        synchronized WatchTransition await(String what, java.util.function.Predicate<WatchTransition> wanted)
                throws InterruptedException {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (true) {
                Optional<WatchTransition> found = transitions.stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + BOUND + ": " + transitions);
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }


    @Test
    void realLivesAreAcceptedByTheRfcMachineAndLeaksFound() throws Exception {
        KernelTraceAvailability a = KernelTransitionSource.availability();
        assumeTrue(a.isAvailable(), a::toString);
        Seen seen = new Seen();
        ConnectionWatcher watcher = new ConnectionWatcher(1000, seen);
        try (KernelTransitionSource source = KernelTransitionSource.open();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(port), watcher)) {
                try (SocketChannel c = SocketChannel.open(server.getLocalAddress());
                     SocketChannel accepted = server.accept()) {
                    c.close();
                    assertEquals(-1, accepted.read(ByteBuffer.allocate(4)));
                    assertTrue(source.sync(BOUND));
                    List<ConnectionWatcher.Leak> leaks = watcher.closeWaitLeaks(Duration.ZERO, System.nanoTime());
                    assertEquals(1, leaks.size(), "the server side sits in CLOSE_WAIT: " + leaks);
                    assertEquals(port, leaks.get(0).local().getPort());
                }
                assertTrue(source.sync(BOUND));
                List<WatchTransition> ts = seen.of(port);
                assertTrue(ts.stream().noneMatch(WatchTransition::flagged), "flagged: " + ts);
                WatchTransition child = ts.stream().filter(t -> t.kernelFrom() == KernelTcpState.LISTEN)
                        .findFirst().orElseThrow();
                assertEquals(TcpState.SYN_RECEIVED, child.rfcTo());
                assertTrue(child.note().isPresent(), "the listener's child is a mapped deviation");
                WatchTransition lastAck = ts.stream().filter(t -> t.kernelFrom() == KernelTcpState.LAST_ACK)
                        .findFirst().orElseThrow();
                assertEquals(TcpState.CLOSED, lastAck.rfcTo());
                assertTrue(lastAck.nanosInPrevious() >= 0);
                assertTrue(watcher.timeInState().count(TcpState.CLOSE_WAIT) >= 1);
                assertEquals(0, watcher.tracked(), "closed connections are forgotten");
            }
        }
    }

    /**
     * An abort in FIN_WAIT_2 (SO_LINGER 0) and the TIME_WAIT minisocket taking over both report
     * {@code FIN_WAIT2 -> CLOSE}; only the abort's own RST, which the kernel reports just after, tells them apart. The
     * watcher shows each as the RFC path it is: ABORT to CLOSED, and TIME_WAIT.
     */
    @Test
    void anAbortInFinWait2IsShownAsTheAbortAndTheMinisocketAsTimeWait() throws Exception {
        KernelTraceAvailability a = KernelTransitionSource.availability();
        assumeTrue(a.isAvailable(), a::toString);
        Seen seen = new Seen();
        ConnectionWatcher watcher = new ConnectionWatcher(1000, seen);
        int aborted;
        int minisocket;
        try (KernelTransitionSource source = KernelTransitionSource.open();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(port), watcher)) {
                try (SocketChannel c = SocketChannel.open(server.getLocalAddress());
                     SocketChannel accepted = server.accept()) {
                    aborted = ((InetSocketAddress) c.getLocalAddress()).getPort();
                    c.shutdownOutput();
                    assertEquals(-1, accepted.read(ByteBuffer.allocate(4)));
                    seen.await("FIN_WAIT2", t -> t.local().getPort() == aborted
                            && t.kernelTo() == KernelTcpState.FIN_WAIT2);
                    c.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                    c.close(); // tcp_disconnect(): FIN_WAIT2 -> CLOSE, then its RST
                }
                try (SocketChannel c = SocketChannel.open(server.getLocalAddress());
                     SocketChannel accepted = server.accept()) {
                    minisocket = ((InetSocketAddress) c.getLocalAddress()).getPort();
                    c.shutdownOutput();
                    assertEquals(-1, accepted.read(ByteBuffer.allocate(4)));
                    seen.await("FIN_WAIT2", t -> t.local().getPort() == minisocket
                            && t.kernelTo() == KernelTcpState.FIN_WAIT2);
                    accepted.shutdownOutput(); // the client's FIN_WAIT2 -> CLOSE, then its ACK ends LAST_ACK
                    seen.await("the end of LAST_ACK", t -> t.remote().getPort() == minisocket
                            && t.kernelFrom() == KernelTcpState.LAST_ACK);
                }
                assertTrue(source.sync(BOUND));
                watcher.settle(Long.MAX_VALUE);
            }
        }
        WatchTransition abort = seen.of(aborted).stream().filter(t -> t.local().getPort() == aborted
                && t.kernelFrom() == KernelTcpState.FIN_WAIT2).findFirst().orElseThrow();
        assertEquals(TcpState.FIN_WAIT_2, abort.rfcFrom());
        assertEquals(TcpState.CLOSED, abort.rfcTo(), abort.toString());
        assertEquals(Optional.empty(), abort.rejection());
        WatchTransition timeWait = seen.of(minisocket).stream().filter(t -> t.local().getPort() == minisocket
                && t.kernelFrom() == KernelTcpState.FIN_WAIT2).findFirst().orElseThrow();
        assertEquals(TcpState.TIME_WAIT, timeWait.rfcTo(), timeWait.toString());
        assertEquals(Optional.empty(), timeWait.rejection());
    }

    /** The same two lives from recorded events: the socket's RST right after its change, or the stream moving on. */
    @Test
    void anAmbiguousCloseIsToldApartByTheSocketsNextEventOrTheStreamMovingOn() {
        Seen seen = new Seen();
        ConnectionWatcher watcher = new ConnectionWatcher(10, seen);
        InetSocketAddress r = new InetSocketAddress("127.0.0.1", 80);
        InetSocketAddress abortedAt = new InetSocketAddress("127.0.0.1", 1001);
        InetSocketAddress minisocketAt = new InetSocketAddress("127.0.0.1", 1002);
        long ms = 1_000_000L;
        watcher.onEvent(new KernelTcpEvent.StateChange(1 * ms, 1, abortedAt, r, KernelTcpState.FIN_WAIT1,
                KernelTcpState.FIN_WAIT2));
        watcher.onEvent(new KernelTcpEvent.StateChange(2 * ms, 1, abortedAt, r, KernelTcpState.FIN_WAIT2,
                KernelTcpState.CLOSE));
        watcher.onEvent(new KernelTcpEvent.StateChange(2 * ms + 5, 2, minisocketAt, r, KernelTcpState.FIN_WAIT2,
                KernelTcpState.CLOSE));
        watcher.onEvent(new KernelTcpEvent.ResetSent(2 * ms + 9, 1, abortedAt, r,
                Optional.of(KernelTcpState.CLOSE), Optional.empty()));
        assertEquals(List.of(TcpState.FIN_WAIT_2, TcpState.CLOSED),
                seen.transitions.stream().map(WatchTransition::rfcTo).toList(), "the minisocket's change waits");
        watcher.onEvent(new KernelTcpEvent.StateChange(20 * ms, 3, new InetSocketAddress("127.0.0.1", 1003), r,
                KernelTcpState.CLOSE, KernelTcpState.SYN_SENT));
        assertEquals(List.of(TcpState.FIN_WAIT_2, TcpState.CLOSED, TcpState.TIME_WAIT, TcpState.SYN_SENT),
                seen.transitions.stream().map(WatchTransition::rfcTo).toList());
        assertTrue(seen.transitions.stream().noneMatch(WatchTransition::flagged), seen.transitions.toString());
    }

    @Test
    void boundedTrackingEvictsTheLeastRecent() {
        Seen seen = new Seen();
        ConnectionWatcher watcher = new ConnectionWatcher(2, seen);
        InetSocketAddress r = new InetSocketAddress("127.0.0.1", 80);
        for (int i = 1; i <= 3; i++) {
            watcher.onEvent(new KernelTcpEvent.StateChange(i, i, new InetSocketAddress("127.0.0.1", 1000 + i), r,
                    KernelTcpState.CLOSE, KernelTcpState.SYN_SENT));
        }
        assertEquals(2, watcher.tracked());
        assertEquals(1, watcher.evictions());
        watcher.onEvent(new KernelTcpEvent.StateChange(4, 4, new InetSocketAddress("127.0.0.1", 1004), r,
                KernelTcpState.LAST_ACK, KernelTcpState.CLOSE));
        assertEquals(1, watcher.evictions(), "a connection first seen at its end is not tracked, so evicts none");
        assertEquals(2, watcher.tracked());
    }

    @Test
    void aTransitionTheRfcMachineRejectsIsFlagged() {
        Seen seen = new Seen();
        ConnectionWatcher watcher = new ConnectionWatcher(10, seen);
        InetSocketAddress l = new InetSocketAddress("127.0.0.1", 1000);
        InetSocketAddress r = new InetSocketAddress("127.0.0.1", 80);
        watcher.onEvent(new KernelTcpEvent.StateChange(1, 7, l, r, KernelTcpState.CLOSE, KernelTcpState.SYN_SENT));
        watcher.onEvent(new KernelTcpEvent.StateChange(2, 7, l, r, KernelTcpState.SYN_SENT,
                KernelTcpState.CLOSE_WAIT));
        assertTrue(seen.transitions.get(1).flagged(), seen.transitions.toString());
        assertEquals(Optional.empty(), seen.transitions.get(0).rejection());
        assertEquals(1, watcher.flagged());
    }
}
