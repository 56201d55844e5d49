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
        }

        synchronized List<WatchTransition> of(int port) {
            return transitions.stream().filter(t -> t.local().getPort() == port || t.remote().getPort() == port)
                    .collect(Collectors.toList());
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
