package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one Linux ↔ RFC table ({@link LinuxRfcMapping}), used by the runtime and by {@code watch}: the cells where
 * Linux deviates from RFC 9293, and every cell of the close's life checked against the RFC machine itself (its events
 * fired from the old state reach the target).
 */
class LinuxRfcMappingTest {

    private static void expect(KernelTcpState from, KernelTcpState to, boolean reset, TcpState target,
            TcpEvent... events) {
        LinuxRfcMapping.Step step = LinuxRfcMapping.step(from, to, reset);
        assertEquals(target, step.target(), from + " -> " + to);
        assertEquals(List.of(events), step.events(), from + " -> " + to);
        assertEquals(target, LinuxRfcMapping.target(from, to, reset), from + " -> " + to);
        TcpMachine m = new TcpMachine();
        m.restore(TcpState.valueOf(from.rfcName()));
        for (TcpEvent e : events) {
            m.fire(e);
        }
        assertEquals(target, m.state(), "the RFC machine, from " + from + " on " + List.of(events));
    }

    @Test
    void test_TIME_WAIT_CLOSE() {
        // one answer for both users: TIME_WAIT's only end is CLOSED, by its timer or a RST
        expect(KernelTcpState.TIME_WAIT, KernelTcpState.CLOSE, false, TcpState.CLOSED, TcpEvent.TIMEOUT);
        expect(KernelTcpState.TIME_WAIT, KernelTcpState.CLOSE, true, TcpState.CLOSED, TcpEvent.RCV_RST);
    }

    /**
     * The runtime's view: LAST_ACK to CLOSED is the ACK of our FIN, unless the kernel received a RST on the way, which
     * is what ended the connection (the peer destroyed whatever was still unsent).
     */
    @Test
    void test_LAST_ACK_CLOSED_byAResetIsRcvRst() {
        assertEquals(java.util.Optional.of(TcpEvent.RCV_ACK),
                LinuxRfcMapping.event(TcpState.LAST_ACK, TcpState.CLOSED, false));
        assertEquals(java.util.Optional.of(TcpEvent.RCV_RST),
                LinuxRfcMapping.event(TcpState.LAST_ACK, TcpState.CLOSED, true));
        assertEquals(java.util.Optional.of(TcpEvent.RCV_RST),
                LinuxRfcMapping.event(TcpState.CLOSING, TcpState.CLOSED, true));
        assertEquals(java.util.Optional.empty(), LinuxRfcMapping.event(TcpState.TIME_WAIT, TcpState.CLOSED, true),
                "TIME_WAIT's end is the machine's own timer or a RST it sees itself");
    }

    /**
     * An abort in FIN_WAIT2 (SO_LINGER 0) is {@code FIN_WAIT2 -> CLOSE}, like the TIME_WAIT minisocket taking over,
     * but the socket then sends a RST ({@code tcp:tcp_send_reset}, after the change): a path reads it as CLOSED. The
     * events as Linux 6.18 reported them for a runtime client aborting in FIN_WAIT_2.
     */
    @Test
    void test_FIN_WAIT2_CLOSE_followedByOurResetIsAnAbort() {
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 48350);
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 34325);
        List<KernelTcpEvent> life = List.of(
                new KernelTcpEvent.StateChange(1, 7, local, remote, KernelTcpState.SYN_SENT, KernelTcpState.ESTABLISHED),
                new KernelTcpEvent.StateChange(2, 7, local, remote, KernelTcpState.ESTABLISHED,
                        KernelTcpState.FIN_WAIT1),
                new KernelTcpEvent.StateChange(3, 7, local, remote, KernelTcpState.FIN_WAIT1, KernelTcpState.FIN_WAIT2),
                new KernelTcpEvent.StateChange(4, 7, local, remote, KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSE));
        List<KernelTcpEvent> aborted = new java.util.ArrayList<>(life);
        aborted.add(new KernelTcpEvent.ResetSent(5, 7, local, remote, Optional.of(KernelTcpState.CLOSE),
                Optional.of("TCP_STATE")));
        aborted.add(new KernelTcpEvent.SocketDestroyed(6, 7, local, remote));
        assertEquals(List.of(TcpState.CLOSED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2,
                TcpState.CLOSED), LinuxRfcMapping.path(aborted));
        assertEquals(List.of(TcpState.CLOSED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2,
                TcpState.TIME_WAIT), LinuxRfcMapping.path(life), "no RST of its own: the minisocket took over");
    }

    @Test
    void test_FIN_WAIT2_CLOSE() {
        expect(KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSE, false, TcpState.TIME_WAIT, TcpEvent.RCV_FIN);
        expect(KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSE, true, TcpState.CLOSED, TcpEvent.RCV_RST);
    }

    @Test
    void test_CLOSING_CLOSE() {
        expect(KernelTcpState.CLOSING, KernelTcpState.CLOSE, false, TcpState.TIME_WAIT, TcpEvent.RCV_ACK);
    }

    @Test
    void test_LAST_ACK_CLOSE() {
        expect(KernelTcpState.LAST_ACK, KernelTcpState.CLOSE, false, TcpState.CLOSED, TcpEvent.RCV_ACK);
    }

    @Test
    void test_ESTABLISHED_CLOSE() {
        expect(KernelTcpState.ESTABLISHED, KernelTcpState.CLOSE, false, TcpState.CLOSED, TcpEvent.ABORT);
        expect(KernelTcpState.ESTABLISHED, KernelTcpState.CLOSE, true, TcpState.CLOSED, TcpEvent.RCV_RST);
    }

    @Test
    void test_closes() {
        expect(KernelTcpState.ESTABLISHED, KernelTcpState.FIN_WAIT1, false, TcpState.FIN_WAIT_1, TcpEvent.CLOSE);
        expect(KernelTcpState.ESTABLISHED, KernelTcpState.CLOSE_WAIT, false, TcpState.CLOSE_WAIT, TcpEvent.RCV_FIN);
        expect(KernelTcpState.CLOSE_WAIT, KernelTcpState.LAST_ACK, false, TcpState.LAST_ACK, TcpEvent.CLOSE);
        expect(KernelTcpState.FIN_WAIT1, KernelTcpState.FIN_WAIT2, false, TcpState.FIN_WAIT_2, TcpEvent.RCV_ACK);
        expect(KernelTcpState.FIN_WAIT1, KernelTcpState.CLOSING, false, TcpState.CLOSING, TcpEvent.RCV_FIN);
    }

    @Test
    void test_LISTEN_SYN_RECV() {
        expect(KernelTcpState.LISTEN, KernelTcpState.SYN_RECV, false, TcpState.SYN_RECEIVED, TcpEvent.PASSIVE_OPEN,
                TcpEvent.RCV_SYN);
    }

    @Test
    void test_FIN_WAIT1_FIN_WAIT1() {
        expect(KernelTcpState.FIN_WAIT1, KernelTcpState.FIN_WAIT1, false, TcpState.FIN_WAIT_1); // set again
    }
}
