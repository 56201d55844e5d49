package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.nio.ChannelEvent.ABORT_ASKED;
import static io.fsmgen.tcp.nio.ChannelEvent.CLOSE_ASKED;
import static io.fsmgen.tcp.nio.ChannelEvent.CONNECTED;
import static io.fsmgen.tcp.nio.ChannelEvent.CONNECT_PENDING;
import static io.fsmgen.tcp.nio.ChannelEvent.DRAINED;
import static io.fsmgen.tcp.nio.ChannelEvent.END_OF_STREAM;
import static io.fsmgen.tcp.nio.ChannelEvent.FIN_ACKED;
import static io.fsmgen.tcp.nio.ChannelEvent.FIN_DUE;
import static io.fsmgen.tcp.nio.ChannelEvent.RST_DUE;
import static io.fsmgen.tcp.nio.ChannelEvent.TCB_DELETED;
import static io.fsmgen.tcp.nio.ChannelState.ABORT_UNCONFIRMED;
import static io.fsmgen.tcp.nio.ChannelState.CONNECTING;
import static io.fsmgen.tcp.nio.ChannelState.DONE;
import static io.fsmgen.tcp.nio.ChannelState.FIN_UNCONFIRMED;
import static io.fsmgen.tcp.nio.ChannelState.INPUT_ENDED_FIN_UNCONFIRMED;
import static io.fsmgen.tcp.nio.ChannelState.FLUSHING;
import static io.fsmgen.tcp.nio.ChannelState.INPUT_ENDED;
import static io.fsmgen.tcp.nio.ChannelState.INPUT_ENDED_FLUSHING;
import static io.fsmgen.tcp.nio.ChannelState.NEW;
import static io.fsmgen.tcp.nio.ChannelState.OPEN;
import static io.fsmgen.tcp.nio.ChannelState.OUTPUT_SHUT;
import static io.fsmgen.tcp.nio.ChannelState.RELEASED;
import static io.fsmgen.tcp.nio.ChannelState.RELEASED_FIN_UNACKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The channel machine's table, cell by cell: the state it leads to and the socket operations and callbacks it asks
 * for, in order. Named {@code test_<state>_<event>} like the TCP machine's row tests.
 */
class ChannelMachineTest {

    /**
     * Records every action; {@code queued}, {@code kernelOrders}, {@code kernelOrdersAbort} and {@code finAcked} answer
     * the guards.
     */
    static final class Actions extends ChannelActions {
        final List<String> done = new ArrayList<>();
        boolean queued;
        boolean kernelOrders;
        boolean kernelOrdersAbort;
        boolean finAcked;

        @Override
        boolean kernelOrdersAbort() {
            return kernelOrdersAbort;
        }

        @Override
        void awaitAbortOrder() {
            done.add("awaitAbortOrder");
        }

        @Override
        void tcpAbort() {
            done.add("tcpAbort");
        }

        @Override
        void rejectGone() {
            done.add("rejectGone");
        }

        @Override
        boolean finAcknowledged() {
            return finAcked;
        }

        @Override
        public boolean writesQueued() {
            return queued;
        }

        @Override
        public boolean kernelOrdersClose() {
            return kernelOrders;
        }

        @Override
        public void awaitCloseOrder() {
            done.add("awaitCloseOrder");
        }

        @Override
        public void tcpClose() {
            done.add("tcpClose");
        }

        @Override
        public void shutdownOutput() {
            done.add("shutdownOutput");
        }

        @Override
        public void closeChannel() {
            done.add("closeChannel");
        }

        @Override
        public void resetChannel() {
            done.add("resetChannel");
        }

        @Override
        public void releaseChannel() {
            done.add("releaseChannel");
        }

        @Override
        public void tellOpened() {
            done.add("tellOpened");
        }

        @Override
        public void tellPeerFinished() {
            done.add("tellPeerFinished");
        }

        @Override
        public void tellClosed() {
            done.add("tellClosed");
        }

        @Override
        public void unregister() {
            done.add("unregister");
        }

        @Override
        public void rejectClosing() {
            done.add("rejectClosing");
        }

        @Override
        void tcpTransitioned(TcpState from, TcpEvent event, TcpState to) {
            done.add("tcpTransitioned " + from + " " + to);
        }

        @Override
        void tcpSignal(TcpSignal signal) {
            done.add("tcpSignal " + signal);
        }

        @Override
        void tcpError(String text) {
            done.add("tcpError " + text);
        }

        @Override
        Scheduler.Cancellable schedule(Duration delay, Runnable task) {
            return Scheduler.NOTHING_SCHEDULED;
        }
    }

    private final Actions actions = new Actions();

    /** A machine put in {@code state}, with nothing recorded yet. */
    private ChannelMachine in(ChannelState state) {
        ChannelMachine m = new ChannelMachine(actions);
        m.restore(state);
        actions.done.clear();
        return m;
    }

    private void expect(ChannelState from, ChannelEvent event, ChannelState to, String... done) {
        ChannelMachine m = in(from);
        m.fire(event);
        assertEquals(to, m.state(), from + " on " + event);
        assertEquals(List.of(done), actions.done, from + " on " + event);
    }

    @Test
    void test_NEW_CONNECT_PENDING() {
        expect(NEW, CONNECT_PENDING, CONNECTING);
    }

    @Test
    void test_NEW_CONNECTED() {
        expect(NEW, CONNECTED, OPEN, "tellOpened"); // accept(), or connect() that completed at once
    }

    @Test
    void test_CONNECTING_CONNECTED() {
        expect(CONNECTING, CONNECTED, OPEN, "tellOpened");
    }

    @Test
    void test_OPEN_CONNECTED() {
        expect(OPEN, CONNECTED, OPEN); // opened is told once
    }

    @Test
    void test_CONNECTING_CLOSE_ASKED() {
        expect(CONNECTING, CLOSE_ASKED, CONNECTING, "tcpClose"); // SYN_SENT: the TCP machine deletes the TCB
    }

    @Test
    void test_OPEN_CLOSE_ASKED() {
        expect(OPEN, CLOSE_ASKED, OPEN, "tcpClose"); // its FIN comes back as FIN_DUE
    }

    @Test
    void test_OPEN_CLOSE_ASKED_withQueuedWrites() {
        actions.queued = true;
        expect(OPEN, CLOSE_ASKED, FLUSHING);
    }

    @Test
    void test_INPUT_ENDED_CLOSE_ASKED_withQueuedWrites() {
        actions.queued = true;
        expect(INPUT_ENDED, CLOSE_ASKED, INPUT_ENDED_FLUSHING);
    }

    @Test
    void test_FLUSHING_CLOSE_ASKED() {
        expect(FLUSHING, CLOSE_ASKED, FLUSHING, "rejectClosing");
        expect(INPUT_ENDED_FLUSHING, CLOSE_ASKED, INPUT_ENDED_FLUSHING, "rejectClosing");
        expect(FIN_UNCONFIRMED, CLOSE_ASKED, FIN_UNCONFIRMED, "rejectClosing");
    }

    @Test
    void test_OPEN_CLOSE_ASKED_kernelOrdersClose() {
        actions.kernelOrders = true;
        // the FIN first; the TCP machine's CLOSE waits for the kernel's word on which transition it made
        expect(OPEN, CLOSE_ASKED, FIN_UNCONFIRMED, "shutdownOutput", "awaitCloseOrder");
    }

    @Test
    void test_OPEN_CLOSE_ASKED_kernelOrdersClose_withQueuedWrites() {
        actions.kernelOrders = true;
        actions.queued = true;
        expect(OPEN, CLOSE_ASKED, FLUSHING); // the writes first, still
    }

    @Test
    void test_INPUT_ENDED_CLOSE_ASKED_kernelOrdersClose() {
        actions.kernelOrders = true; // never asked there (the machine is in CLOSE_WAIT): the plain CLOSE
        expect(INPUT_ENDED, CLOSE_ASKED, INPUT_ENDED, "tcpClose");
    }

    @Test
    void test_FLUSHING_DRAINED_kernelOrdersClose() {
        actions.kernelOrders = true;
        expect(FLUSHING, DRAINED, FIN_UNCONFIRMED, "shutdownOutput", "awaitCloseOrder");
        expect(INPUT_ENDED_FLUSHING, DRAINED, INPUT_ENDED_FLUSHING, "tcpClose");
    }

    @Test
    void test_FIN_UNCONFIRMED_FIN_DUE() {
        expect(FIN_UNCONFIRMED, FIN_DUE, OUTPUT_SHUT); // the machine's CLOSE, after the kernel's word: FIN already out
    }

    @Test
    void test_FIN_UNCONFIRMED_END_OF_STREAM() {
        // the channel is released only once the TCP machine took the close (FIN_DUE): closed never precedes CLOSE
        expect(FIN_UNCONFIRMED, END_OF_STREAM, INPUT_ENDED_FIN_UNCONFIRMED, "tellPeerFinished");
    }

    @Test
    void test_INPUT_ENDED_FIN_UNCONFIRMED_FIN_DUE() {
        // CLOSE_WAIT -> LAST_ACK: closed waits for the FIN's acknowledgement
        expect(INPUT_ENDED_FIN_UNCONFIRMED, FIN_DUE, RELEASED_FIN_UNACKED, "closeChannel");
    }

    @Test
    void test_INPUT_ENDED_FIN_UNCONFIRMED_CLOSE_ASKED() {
        expect(INPUT_ENDED_FIN_UNCONFIRMED, CLOSE_ASKED, INPUT_ENDED_FIN_UNCONFIRMED, "rejectClosing");
    }

    @Test
    void test_INPUT_ENDED_FIN_UNCONFIRMED_RST_DUE() {
        expect(INPUT_ENDED_FIN_UNCONFIRMED, RST_DUE, RELEASED, "resetChannel", "tellClosed");
    }

    @Test
    void test_FIN_UNCONFIRMED_DRAINED() {
        expect(FIN_UNCONFIRMED, DRAINED, FIN_UNCONFIRMED);
    }

    @Test
    void test_RELEASED_CLOSE_ASKED() {
        expect(RELEASED, CLOSE_ASKED, RELEASED, "tcpClose"); // the TCP machine says "connection closing"
    }

    @Test
    void test_FLUSHING_DRAINED() {
        expect(FLUSHING, DRAINED, FLUSHING, "tcpClose");
        expect(INPUT_ENDED_FLUSHING, DRAINED, INPUT_ENDED_FLUSHING, "tcpClose");
    }

    @Test
    void test_OPEN_DRAINED() {
        expect(OPEN, DRAINED, OPEN);
    }

    @Test
    void test_OPEN_FIN_DUE() {
        expect(OPEN, FIN_DUE, OUTPUT_SHUT, "shutdownOutput");
        expect(FLUSHING, FIN_DUE, OUTPUT_SHUT, "shutdownOutput");
    }

    @Test
    void test_INPUT_ENDED_FIN_DUE() {
        expect(INPUT_ENDED, FIN_DUE, RELEASED_FIN_UNACKED, "closeChannel"); // CLOSE_WAIT -> LAST_ACK
        expect(INPUT_ENDED_FLUSHING, FIN_DUE, RELEASED_FIN_UNACKED, "closeChannel");
    }

    @Test
    void test_OUTPUT_SHUT_FIN_DUE() {
        expect(OUTPUT_SHUT, FIN_DUE, OUTPUT_SHUT); // never a second FIN
    }

    @Test
    void test_OPEN_END_OF_STREAM() {
        expect(OPEN, END_OF_STREAM, INPUT_ENDED, "tellPeerFinished");
        expect(FLUSHING, END_OF_STREAM, INPUT_ENDED_FLUSHING, "tellPeerFinished");
    }

    @Test
    void test_OUTPUT_SHUT_END_OF_STREAM() {
        // FIN_WAIT_1 -> CLOSING (or a FIN that overtook the ACK of ours): closed waits for that ACK
        expect(OUTPUT_SHUT, END_OF_STREAM, RELEASED_FIN_UNACKED, "tellPeerFinished", "closeChannel");
    }

    @Test
    void test_OUTPUT_SHUT_END_OF_STREAM_finAcknowledged() {
        actions.finAcked = true; // FIN_WAIT_2 -> TIME_WAIT: every byte written was acknowledged
        expect(OUTPUT_SHUT, END_OF_STREAM, RELEASED, "tellPeerFinished", "closeChannel", "tellClosed");
    }

    @Test
    void test_RELEASED_FIN_UNACKED_FIN_ACKED() {
        expect(RELEASED_FIN_UNACKED, FIN_ACKED, RELEASED, "tellClosed");
    }

    @Test
    void test_RELEASED_FIN_UNACKED_TCB_DELETED() {
        // LAST_ACK's end, or a RST or timeout before the ACK: the cause the connection recorded goes with closed
        expect(RELEASED_FIN_UNACKED, TCB_DELETED, DONE, "tellClosed", "unregister");
    }

    @Test
    void test_RELEASED_FIN_UNACKED_RST_DUE() {
        expect(RELEASED_FIN_UNACKED, RST_DUE, RELEASED_FIN_UNACKED); // the socket is no longer ours to reset
    }

    @Test
    void test_RELEASED_FIN_UNACKED_otherEvents() {
        expect(RELEASED_FIN_UNACKED, CLOSE_ASKED, RELEASED_FIN_UNACKED, "tcpClose"); // "connection closing"
        for (ChannelEvent e : List.of(CONNECT_PENDING, CONNECTED, DRAINED, FIN_DUE, END_OF_STREAM)) {
            expect(RELEASED_FIN_UNACKED, e, RELEASED_FIN_UNACKED);
        }
    }

    @Test
    void test_OPEN_FIN_ACKED() {
        for (ChannelState s : ChannelState.values()) {
            if (s != RELEASED_FIN_UNACKED) {
                expect(s, FIN_ACKED, s); // told only to a channel that waits for it
            }
        }
    }

    @Test
    void test_INPUT_ENDED_END_OF_STREAM() {
        expect(INPUT_ENDED, END_OF_STREAM, INPUT_ENDED); // peerFinished is told once
    }

    @Test
    void test_OPEN_RST_DUE() {
        for (ChannelState s : List.of(NEW, CONNECTING, OPEN, FLUSHING, OUTPUT_SHUT, INPUT_ENDED, INPUT_ENDED_FLUSHING)) {
            expect(s, RST_DUE, RELEASED, "resetChannel", "tellClosed");
        }
    }

    @Test
    void test_RELEASED_RST_DUE() {
        expect(RELEASED, RST_DUE, RELEASED);
    }

    @Test
    void test_RELEASED_TCB_DELETED() {
        expect(RELEASED, TCB_DELETED, DONE, "unregister"); // closed was told when the channel was released
    }

    @Test
    void test_OPEN_TCB_DELETED() {
        for (ChannelState s : List.of(NEW, CONNECTING, OPEN, FLUSHING, OUTPUT_SHUT, INPUT_ENDED, INPUT_ENDED_FLUSHING)) {
            expect(s, TCB_DELETED, DONE, "releaseChannel", "tellClosed", "unregister");
        }
    }

    @Test
    void test_DONE_everyEvent() {
        for (ChannelEvent e : ChannelEvent.values()) {
            expect(DONE, e, DONE, e == CLOSE_ASKED ? new String[] {"tcpClose"}
                    : e == ABORT_ASKED ? new String[] {"tcpAbort"} : new String[0]);
        }
    }

    @Test
    void test_OPEN_ABORT_ASKED() {
        expect(OPEN, ABORT_ASKED, OPEN, "tcpAbort"); // its RST comes back as RST_DUE
    }

    @Test
    void test_OPEN_ABORT_ASKED_kernelOrdersAbort() {
        actions.kernelOrdersAbort = true;
        // the TCP machine is ESTABLISHED: the RST leaves, the ABORT waits for the kernel's word on where it came from
        for (ChannelState s : List.of(OPEN, FLUSHING, FIN_UNCONFIRMED, INPUT_ENDED_FIN_UNCONFIRMED, OUTPUT_SHUT)) {
            expect(s, ABORT_ASKED, ABORT_UNCONFIRMED, "awaitAbortOrder", "resetChannel");
        }
    }

    @Test
    void test_INPUT_ENDED_ABORT_ASKED_kernelOrdersAbort() {
        actions.kernelOrdersAbort = true; // (only ever true in ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2)
        for (ChannelState s : List.of(NEW, CONNECTING, INPUT_ENDED, INPUT_ENDED_FLUSHING,
                RELEASED_FIN_UNACKED, RELEASED)) {
            expect(s, ABORT_ASKED, s, "tcpAbort");
        }
    }

    @Test
    void test_ABORT_UNCONFIRMED_ABORT_ASKED() {
        expect(ABORT_UNCONFIRMED, ABORT_ASKED, ABORT_UNCONFIRMED, "rejectGone"); // "connection does not exist"
    }

    @Test
    void test_ABORT_UNCONFIRMED_CLOSE_ASKED() {
        expect(ABORT_UNCONFIRMED, CLOSE_ASKED, ABORT_UNCONFIRMED, "rejectGone");
    }

    @Test
    void test_ABORT_UNCONFIRMED_RST_DUE() {
        expect(ABORT_UNCONFIRMED, RST_DUE, RELEASED, "tellClosed"); // the TCP machine's ABORT: its RST left already
    }

    @Test
    void test_ABORT_UNCONFIRMED_TCB_DELETED() {
        expect(ABORT_UNCONFIRMED, TCB_DELETED, DONE, "tellClosed", "unregister"); // a RST came in before the abort
    }

    @Test
    void test_ABORT_UNCONFIRMED_otherEvents() {
        for (ChannelEvent e : List.of(CONNECT_PENDING, CONNECTED, DRAINED, FIN_DUE, END_OF_STREAM, FIN_ACKED)) {
            expect(ABORT_UNCONFIRMED, e, ABORT_UNCONFIRMED);
        }
    }

    /** Over every path through the table, the handler hears opened at most once and closed exactly once at the end. */
    @Test
    void closedIsToldExactlyOnceOnEveryPathToDone() {
        List<List<ChannelEvent>> paths = new ArrayList<>();
        walk(new ArrayList<>(), 5, paths);
        assertTrue(paths.size() > 1000, "paths: " + paths.size());
        for (List<ChannelEvent> path : paths) {
            for (int guards = 0; guards < 8; guards++) {
                Actions a = new Actions();
                a.queued = (guards & 1) != 0;
                a.finAcked = (guards & 2) != 0;
                a.kernelOrdersAbort = (guards & 4) != 0;
                ChannelMachine m = new ChannelMachine(a);
                for (ChannelEvent e : path) {
                    m.fire(e);
                }
                m.fire(TCB_DELETED);
                assertEquals(DONE, m.state(), path.toString());
                assertEquals(1, a.done.stream().filter("tellClosed"::equals).count(), path + ": " + a.done);
                assertTrue(a.done.stream().filter("tellOpened"::equals).count() <= 1, path + ": " + a.done);
                assertTrue(a.done.stream().filter("tellPeerFinished"::equals).count() <= 1, path + ": " + a.done);
                assertEquals(1, a.done.stream().filter("unregister"::equals).count(), path + ": " + a.done);
                int opened = a.done.indexOf("tellOpened");
                assertTrue(opened < 0 || opened < a.done.indexOf("tellClosed"), path + ": " + a.done);
            }
        }
    }

    private static void walk(List<ChannelEvent> prefix, int depth, List<List<ChannelEvent>> out) {
        out.add(List.copyOf(prefix));
        if (depth == 0) {
            return;
        }
        for (ChannelEvent e : ChannelEvent.values()) {
            if (e == TCB_DELETED) {
                continue;
            }
            prefix.add(e);
            walk(prefix, depth - 1, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** A TCP machine bound to a channel machine as its effects, listener and scheduler, as a connection binds them. */
    private NioTcpMachine tcpMachineOn(ChannelMachine m) {
        NioTcpMachine tcp = new NioTcpMachine(m, m, io.fsmgen.tcp.TcpConfig.DEFAULT, NioTcpTimeouts.DEFAULT);
        tcp.addListener(m);
        return tcp;
    }

    @Test
    void theTcpMachinesFinAndRstAreChannelEvents() {
        ChannelMachine m = in(OPEN);
        NioTcpMachine tcp = tcpMachineOn(m);
        tcp.restore(TcpState.ESTABLISHED);
        tcp.fire(TcpEvent.CLOSE); // sends the FIN: FIN_DUE
        assertEquals(OUTPUT_SHUT, m.state());
        assertEquals(List.of("shutdownOutput", "tcpTransitioned ESTABLISHED FIN_WAIT_1"), actions.done);

        m = in(OPEN);
        tcp = tcpMachineOn(m);
        tcp.restore(TcpState.ESTABLISHED);
        tcp.fire(TcpEvent.ABORT); // sends a RST (RST_DUE), then the TCB is deleted (TCB_DELETED)
        assertEquals(DONE, m.state());
        assertEquals(List.of("resetChannel", "tellClosed", "tcpTransitioned ESTABLISHED CLOSED",
                "unregister"), actions.done);
    }

    /** An abort the kernel orders: the RST at once, the TCP machine's steps after, closed told after its ABORT. */
    @Test
    void theTcpMachinesAbortFollowsTheKernelsWord() {
        actions.kernelOrdersAbort = true;
        ChannelMachine m = in(OPEN);
        NioTcpMachine tcp = tcpMachineOn(m);
        tcp.restore(TcpState.ESTABLISHED);
        m.fire(ABORT_ASKED);
        assertEquals(ABORT_UNCONFIRMED, m.state());
        tcp.fire(TcpEvent.RCV_FIN); // the kernel aborted from CLOSE_WAIT: the peer's FIN had come in unread
        tcp.fire(TcpEvent.ABORT);
        assertEquals(DONE, m.state());
        assertEquals(List.of("awaitAbortOrder", "resetChannel", "tcpSignal CLOSING",
                "tcpTransitioned ESTABLISHED CLOSE_WAIT", "tellClosed", "tcpTransitioned CLOSE_WAIT CLOSED", "unregister"),
                actions.done);
    }

    /** Closed waits for the TCP machine to show our FIN acknowledged, or for the connection's end. */
    @Test
    void theAckOfOurFinTellsClosed() {
        ChannelMachine m = in(INPUT_ENDED);
        NioTcpMachine tcp = tcpMachineOn(m);
        tcp.restore(TcpState.CLOSE_WAIT);
        tcp.fire(TcpEvent.CLOSE); // CLOSE_WAIT -> LAST_ACK: the FIN may wait behind unsent data
        assertEquals(RELEASED_FIN_UNACKED, m.state());
        assertEquals(List.of("closeChannel", "tcpTransitioned CLOSE_WAIT LAST_ACK"), actions.done);
        tcp.fire(TcpEvent.RCV_ACK); // LAST_ACK -> CLOSED
        assertEquals(DONE, m.state());
        assertEquals(List.of("closeChannel", "tcpTransitioned CLOSE_WAIT LAST_ACK", "tcpTransitioned LAST_ACK CLOSED",
                "tellClosed", "unregister"), actions.done);

        m = in(RELEASED_FIN_UNACKED);
        tcp = tcpMachineOn(m);
        tcp.restore(TcpState.CLOSING);
        tcp.fire(TcpEvent.RCV_ACK); // CLOSING -> TIME_WAIT
        assertEquals(RELEASED, m.state());
        assertEquals(List.of("tcpTransitioned CLOSING TIME_WAIT", "tellClosed"), actions.done);

        m = in(RELEASED_FIN_UNACKED);
        tcp = tcpMachineOn(m);
        tcp.restore(TcpState.CLOSING);
        tcp.fire(TcpEvent.RCV_RST); // the data behind our FIN is lost: closed, with the cause the connection recorded
        assertEquals(DONE, m.state());
        assertEquals(List.of("tcpTransitioned CLOSING CLOSED", "tellClosed", "unregister"), actions.done);
    }

    @Test
    void theTcpMachinesErrorsReachTheConnection() {
        ChannelMachine m = in(OPEN);
        NioTcpMachine tcp = tcpMachineOn(m);
        tcp.fire(TcpEvent.SEND); // CLOSED: "connection does not exist", no transition
        assertEquals(OPEN, m.state());
        assertEquals(List.of("tcpError connection does not exist"), actions.done);
    }

    @Test
    void stateQueriesFollowTheDirections() {
        assertTrue(OPEN.reading() && OPEN.writing());
        assertTrue(OUTPUT_SHUT.reading() && !OUTPUT_SHUT.writing());
        assertTrue(!INPUT_ENDED.reading() && INPUT_ENDED.writing());
        assertFalse(RELEASED.channelOpen() || RELEASED_FIN_UNACKED.channelOpen() || DONE.channelOpen());
        assertFalse(ABORT_UNCONFIRMED.channelOpen() || ABORT_UNCONFIRMED.reading() || ABORT_UNCONFIRMED.writing()
                || ABORT_UNCONFIRMED.released());
        assertTrue(RELEASED.released() && RELEASED_FIN_UNACKED.released() && !DONE.released() && !OPEN.released());
        assertTrue(FLUSHING.flushing() && INPUT_ENDED_FLUSHING.flushing() && !OPEN.flushing());
    }
}
