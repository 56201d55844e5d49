package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link KernelEnding} on event sequences written by hand, including those a loopback test cannot force. */
class KernelEndingTest {

    static final InetSocketAddress L = new InetSocketAddress("127.0.0.1", 40000);
    static final InetSocketAddress R = new InetSocketAddress("127.0.0.1", 8080);

    static List<KernelTcpEvent> events(String story) {
        List<KernelTcpEvent> events = new ArrayList<>();
        long t = 0;
        for (String part : story.split(" ")) {
            t++;
            if (part.equals("rst-in")) {
                events.add(new KernelTcpEvent.ResetReceived(t, 1, L, R));
            } else if (part.equals("rst-out")) {
                events.add(new KernelTcpEvent.ResetSent(t, 1, L, R, Optional.empty(), Optional.empty()));
            } else if (part.equals("destroy")) {
                events.add(new KernelTcpEvent.SocketDestroyed(t, 1, L, R));
            } else {
                String[] s = part.split(">");
                events.add(new KernelTcpEvent.StateChange(t, 1, L, R, KernelTcpState.valueOf(s[0]),
                        KernelTcpState.valueOf(s[1])));
            }
        }
        return events;
    }

    static KernelEnding ending(String story) {
        return KernelEnding.of(events(story)).orElseThrow();
    }

    static KernelSocketEntry minisocket(KernelTcpState substate) {
        return new KernelSocketEntry(L, R, substate, 0, 0, KernelTimer.TIME_WAIT, 100, 0, 0, 0);
    }

    @Test
    void test_closing_ackOfFinIsTimeWait() {
        assertEquals(KernelEnding.TIME_WAIT, ending("ESTABLISHED>FIN_WAIT1 FIN_WAIT1>CLOSING CLOSING>CLOSE destroy"));
    }

    @Test
    void test_finWait2_closeNeedsTheTableOrThePeer() {
        KernelEnding e = ending("ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE destroy");
        assertEquals(KernelEnding.TIME_WAIT_OR_FIN_WAIT2_MINISOCKET, e);
        assertEquals(KernelEnding.TIME_WAIT, e.resolve(Optional.of(minisocket(KernelTcpState.TIME_WAIT))));
        assertEquals(KernelEnding.FIN_WAIT2_MINISOCKET, e.resolve(Optional.of(minisocket(KernelTcpState.FIN_WAIT2))));
        assertEquals(e, e.resolve(Optional.empty()));
        assertEquals(KernelEnding.TIME_WAIT, e.resolveByPeer(Optional.of(KernelEnding.CLOSED_AFTER_LAST_ACK)));
        assertEquals(e, e.resolveByPeer(Optional.of(KernelEnding.RESET_RECEIVED)));
    }

    @Test
    void test_finWait2_resetIsNotTimeWait() {
        assertEquals(KernelEnding.RESET_RECEIVED, ending("FIN_WAIT1>FIN_WAIT2 rst-in FIN_WAIT2>CLOSE destroy"));
        assertEquals(KernelEnding.ABORTED, ending("FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE rst-out destroy"));
    }

    @Test
    void test_otherEndings() {
        assertEquals(KernelEnding.REFUSED, ending("CLOSE>SYN_SENT rst-in SYN_SENT>CLOSE"));
        assertEquals(KernelEnding.CLOSED_AFTER_LAST_ACK, ending("CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE"));
        assertEquals(KernelEnding.ABORTED, ending("SYN_SENT>ESTABLISHED ESTABLISHED>CLOSE rst-out"));
        assertEquals(KernelEnding.ABORTED, ending("ESTABLISHED>FIN_WAIT1 FIN_WAIT1>CLOSE"));
        assertEquals(KernelEnding.LISTENER_CLOSED, ending("CLOSE>LISTEN LISTEN>CLOSE"));
        assertEquals(Optional.empty(), KernelEnding.of(events("CLOSE>SYN_SENT SYN_SENT>ESTABLISHED")));
    }
}
