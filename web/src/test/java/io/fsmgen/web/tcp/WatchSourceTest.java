package io.fsmgen.web.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.watch.ConnectionWatcher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the live page hears from {@code watch}: a real {@link ConnectionWatcher} fed the kernel's state changes as its
 * tracepoint reader would deliver them (an adversarial pass found both defects with real sockets).
 */
class WatchSourceTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final WatchSource source = new WatchSource();
    private final ConnectionWatcher watcher = new ConnectionWatcher(1_000, source);
    private long clock;

    WatchSourceTest() {
        source.watching(watcher, null, (local, remote) -> Optional.empty());
        source.live(true);
    }

    private void change(long socket, int localPort, int remotePort, KernelTcpState from, KernelTcpState to) {
        watcher.onEvent(new KernelTcpEvent.StateChange(++clock, socket, new InetSocketAddress(LOOPBACK, localPort),
                new InetSocketAddress(LOOPBACK, remotePort), from, to));
    }

    private List<TcpTransition> drained() {
        List<TcpTransition> heard = new ArrayList<>();
        source.drain(heard::add);
        return heard;
    }

    /** An accepted socket on a port above its peer's is still the server: its opening said so, not its port. */
    @Test
    void anAcceptedSocketOnAHighPortIsTheServerInTheTable() {
        change(0x10, 50_051, 20_100, KernelTcpState.LISTEN, KernelTcpState.SYN_RECV);
        change(0x10, 50_051, 20_100, KernelTcpState.SYN_RECV, KernelTcpState.ESTABLISHED);
        drained();
        List<TcpRow> rows = new ArrayList<>();
        source.rows(rows::add);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(TcpTransition.Side.SERVER, rows.get(0).side());
    }

    /**
     * The kernel reuses a socket's address for a new connection; a life whose end was read as TIME_WAIT (a client's
     * FIN_WAIT2 -> CLOSE) never told CLOSED, and the new life must not get the old id.
     */
    @Test
    void aReusedSocketAddressStartsANewId() {
        change(0x20, 40_000, 8_080, KernelTcpState.CLOSE, KernelTcpState.SYN_SENT);
        change(0x20, 40_000, 8_080, KernelTcpState.SYN_SENT, KernelTcpState.ESTABLISHED);
        change(0x20, 40_000, 8_080, KernelTcpState.ESTABLISHED, KernelTcpState.FIN_WAIT1);
        change(0x20, 40_000, 8_080, KernelTcpState.FIN_WAIT1, KernelTcpState.FIN_WAIT2);
        change(0x20, 40_000, 8_080, KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSE);
        watcher.settle(Long.MAX_VALUE); // no RST of its own followed: the minisocket took over (watch's tick says so)
        long first = drained().get(0).id();
        change(0x20, 40_001, 8_080, KernelTcpState.CLOSE, KernelTcpState.SYN_SENT);
        List<TcpTransition> again = drained();
        assertEquals(1, again.size(), again.toString());
        assertNotEquals(first, again.get(0).id(), "a new life, a new id");
    }
}
