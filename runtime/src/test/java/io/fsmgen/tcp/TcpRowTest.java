package io.fsmgen.tcp;

import static io.fsmgen.tcp.TcpEvent.*;
import static io.fsmgen.tcp.TcpHarness.Situation.CLOSED;
import static io.fsmgen.tcp.TcpHarness.Situation.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpHarness.Situation.CLOSING;
import static io.fsmgen.tcp.TcpHarness.Situation.ESTABLISHED;
import static io.fsmgen.tcp.TcpHarness.Situation.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpHarness.Situation.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpHarness.Situation.LAST_ACK;
import static io.fsmgen.tcp.TcpHarness.Situation.LISTEN;
import static io.fsmgen.tcp.TcpHarness.Situation.SYN_RECEIVED_ACTIVE;
import static io.fsmgen.tcp.TcpHarness.Situation.SYN_RECEIVED_PASSIVE;
import static io.fsmgen.tcp.TcpHarness.Situation.SYN_SENT;
import static io.fsmgen.tcp.TcpHarness.Situation.TIME_WAIT;
import static io.fsmgen.tcp.TcpHarness.error;
import static io.fsmgen.tcp.TcpHarness.retransmit;
import static io.fsmgen.tcp.TcpHarness.send;
import static io.fsmgen.tcp.TcpHarness.signal;
import static io.fsmgen.tcp.TcpHarness.twStarted;
import static io.fsmgen.tcp.TcpHarness.twStopped;
import static io.fsmgen.tcp.TcpSegment.ACK;
import static io.fsmgen.tcp.TcpSegment.CHALLENGE_ACK;
import static io.fsmgen.tcp.TcpSegment.DATA;
import static io.fsmgen.tcp.TcpSegment.FIN;
import static io.fsmgen.tcp.TcpSegment.RST;
import static io.fsmgen.tcp.TcpSegment.RST_ACK;
import static io.fsmgen.tcp.TcpSegment.SYN;
import static io.fsmgen.tcp.TcpSegment.SYN_ACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpHarness.Run;
import io.fsmgen.tcp.TcpHarness.Situation;
import io.fsmgen.tcp.TcpHarness.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the RFC 9293 table (T01…T102), named after smoltcp's {@code test_<state>_<event>[_<variant>]}.
 * Rows that stand for several events check each of them.
 */
class TcpRowTest {

    private static final String DOES_NOT_EXIST = "connection does not exist";
    private static final String ALREADY_EXISTS = "connection already exists";
    private static final String CLOSING_TEXT = "connection closing";
    private static final String USER_TIMEOUT_TEXT = "connection aborted due to user timeout";

    private static final TcpEvent[] ACK_BEARING_NON_SYN =
            {RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN, RCV_FIN_ACK};

    /** Fires {@code event} in {@code situation} and checks the next state and the effects, in order. */
    private static Run check(Situation situation, TcpEvent event, TcpState next, TcpEffect... effects) {
        Run run = TcpHarness.in(situation);
        run.fire(event);
        assertEquals(next, run.state(), () -> situation + " " + event);
        assertEquals(List.of(effects), run.take(), () -> situation + " " + event);
        return run;
    }

    // ---------------- CLOSED ----------------

    @Test // T01
    void test_closed_passive_open() {
        check(CLOSED, PASSIVE_OPEN, TcpState.LISTEN);
    }

    @Test // T02
    void test_closed_active_open() {
        Run run = check(CLOSED, ACTIVE_OPEN, TcpState.SYN_SENT, send(SYN));
        assertTrue(run.spec.remoteKnown(), "an active OPEN specifies the remote socket");
    }

    @Test // T04
    void test_closed_send() {
        check(CLOSED, SEND, TcpState.CLOSED, error(DOES_NOT_EXIST));
    }

    @Test // T04
    void test_closed_receive() {
        check(CLOSED, RECEIVE, TcpState.CLOSED, error(DOES_NOT_EXIST));
    }

    @Test // T04
    void test_closed_close() {
        check(CLOSED, CLOSE, TcpState.CLOSED, error(DOES_NOT_EXIST));
    }

    @Test // T04
    void test_closed_abort() {
        check(CLOSED, ABORT, TcpState.CLOSED, error(DOES_NOT_EXIST));
    }

    @Test // T05
    void test_closed_rcv_syn() {
        check(CLOSED, RCV_SYN, TcpState.CLOSED, send(RST_ACK));
    }

    @Test // T06
    void test_closed_rcv_ack() {
        check(CLOSED, RCV_SYN_ACK, TcpState.CLOSED, send(RST));
        for (TcpEvent event : ACK_BEARING_NON_SYN) {
            check(CLOSED, event, TcpState.CLOSED, send(RST));
        }
    }

    @Test // T07
    void test_closed_rcv_rst() {
        check(CLOSED, RCV_RST, TcpState.CLOSED);
    }

    @Test // stale timers: no TCB
    void test_closed_timeouts() {
        for (TcpEvent event : List.of(TIMEOUT, USER_TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED)) {
            check(CLOSED, event, TcpState.CLOSED);
        }
    }

    // ---------------- LISTEN ----------------

    @Test // T08
    void test_listen_active_open() {
        check(LISTEN, ACTIVE_OPEN, TcpState.SYN_SENT, send(SYN));
    }

    @Test // T09
    void test_listen_send_remote_specified() {
        Run run = new Run(Variant.BASE);
        run.spec.setRemoteKnown(true);
        run.fire(PASSIVE_OPEN, SEND);
        assertEquals(TcpState.SYN_SENT, run.state());
        assertEquals(List.of(send(SYN)), run.take());
    }

    @Test // T10
    void test_listen_send_remote_unspecified() {
        check(LISTEN, SEND, TcpState.LISTEN, error("remote socket unspecified"));
    }

    @Test // T11
    void test_listen_receive() {
        check(LISTEN, RECEIVE, TcpState.LISTEN);
    }

    @Test // T12
    void test_listen_close() {
        check(LISTEN, CLOSE, TcpState.CLOSED);
    }

    @Test // T13
    void test_listen_abort() {
        check(LISTEN, ABORT, TcpState.CLOSED);
    }

    @Test // T14
    void test_listen_rcv_rst() {
        check(LISTEN, RCV_RST, TcpState.LISTEN);
    }

    @Test // T15
    void test_listen_rcv_ack() {
        check(LISTEN, RCV_SYN_ACK, TcpState.LISTEN, send(RST));
        for (TcpEvent event : ACK_BEARING_NON_SYN) {
            check(LISTEN, event, TcpState.LISTEN, send(RST));
        }
    }

    @Test // T16
    void test_listen_rcv_syn() {
        Run run = check(LISTEN, RCV_SYN, TcpState.SYN_RECEIVED, send(SYN_ACK));
        assertTrue(run.spec.passive(), "MUST-11: reached from a passive OPEN");
    }

    @Test // T101
    void test_listen_passive_open() {
        check(LISTEN, PASSIVE_OPEN, TcpState.LISTEN, error(ALREADY_EXISTS));
    }

    @Test // T98
    void test_listen_user_timeout() {
        check(LISTEN, USER_TIMEOUT, TcpState.CLOSED, error(USER_TIMEOUT_TEXT));
    }

    @Test // stale timers
    void test_listen_timeout() {
        for (TcpEvent event : List.of(TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED)) {
            check(LISTEN, event, TcpState.LISTEN);
        }
    }

    // ---------------- SYN_SENT ----------------

    @Test // T19
    void test_syn_sent_rcv_syn_ack() {
        check(SYN_SENT, RCV_SYN_ACK, TcpState.ESTABLISHED, send(ACK), signal(TcpSignal.CONNECTED));
    }

    @Test // T20
    void test_syn_sent_rcv_syn() {
        Run run = check(SYN_SENT, RCV_SYN, TcpState.SYN_RECEIVED, send(SYN_ACK));
        assertFalse(run.spec.passive(), "MUST-11: reached from an active OPEN");
    }

    @Test // T21
    void test_syn_sent_rcv_ack_unacceptable() {
        check(SYN_SENT, RCV_ACK_UNACCEPTABLE, TcpState.SYN_SENT, send(RST));
        check(SYN_SENT, RCV_ACK_PARTIAL, TcpState.SYN_SENT, send(RST));
    }

    @Test // T22
    void test_syn_sent_rcv_rst() {
        check(SYN_SENT, RCV_RST, TcpState.CLOSED, signal(TcpSignal.RESET));
    }

    @Test // T24
    void test_syn_sent_rcv_ack() {
        check(SYN_SENT, RCV_ACK, TcpState.SYN_SENT);
    }

    @Test // T24
    void test_syn_sent_rcv_fin() {
        check(SYN_SENT, RCV_FIN, TcpState.SYN_SENT);
        check(SYN_SENT, RCV_FIN_ACK, TcpState.SYN_SENT);
    }

    @Test // T25
    void test_syn_sent_send() {
        check(SYN_SENT, SEND, TcpState.SYN_SENT);
        check(SYN_SENT, RECEIVE, TcpState.SYN_SENT);
    }

    @Test // T26
    void test_syn_sent_close() {
        check(SYN_SENT, CLOSE, TcpState.CLOSED);
    }

    @Test // T27
    void test_syn_sent_abort() {
        check(SYN_SENT, ABORT, TcpState.CLOSED);
    }

    @Test // T99
    void test_syn_sent_retransmission_timeout() {
        check(SYN_SENT, RETRANSMISSION_TIMEOUT, TcpState.SYN_SENT, retransmit());
    }

    @Test // T100
    void test_syn_sent_retransmission_exhausted() {
        check(SYN_SENT, RETRANSMISSION_EXHAUSTED, TcpState.CLOSED, signal(TcpSignal.TIMED_OUT));
    }

    @Test // T101
    void test_syn_sent_active_open() {
        check(SYN_SENT, ACTIVE_OPEN, TcpState.SYN_SENT, error(ALREADY_EXISTS));
    }

    // ---------------- SYN_RECEIVED ----------------

    @Test // T28
    void test_syn_received_rcv_ack_passive() {
        check(SYN_RECEIVED_PASSIVE, RCV_ACK, TcpState.ESTABLISHED, signal(TcpSignal.CONNECTED));
    }

    @Test // T28
    void test_syn_received_rcv_ack_active() {
        check(SYN_RECEIVED_ACTIVE, RCV_ACK, TcpState.ESTABLISHED, signal(TcpSignal.CONNECTED));
    }

    @Test // T29 (A1)
    void test_syn_received_rcv_syn_ack_active() {
        check(SYN_RECEIVED_ACTIVE, RCV_SYN_ACK, TcpState.ESTABLISHED, signal(TcpSignal.CONNECTED));
    }

    @Test // T34 applied to SYN+ACK: the SYN bit is checked before the ACK
    void test_syn_received_rcv_syn_ack_passive() {
        check(SYN_RECEIVED_PASSIVE, RCV_SYN_ACK, TcpState.LISTEN);
    }

    @Test // T30
    void test_syn_received_rcv_ack_unacceptable() {
        for (Situation situation : List.of(SYN_RECEIVED_PASSIVE, SYN_RECEIVED_ACTIVE)) {
            check(situation, RCV_ACK_UNACCEPTABLE, TcpState.SYN_RECEIVED, send(RST));
            check(situation, RCV_ACK_PARTIAL, TcpState.SYN_RECEIVED, send(RST));
        }
    }

    @Test // T31
    void test_syn_received_rcv_fin() {
        for (TcpEvent event : List.of(RCV_FIN, RCV_FIN_ACK)) {
            check(SYN_RECEIVED_PASSIVE, event, TcpState.CLOSE_WAIT,
                    signal(TcpSignal.CONNECTED), send(ACK), signal(TcpSignal.CLOSING));
        }
    }

    @Test // T32
    void test_syn_received_rcv_rst_passive() {
        check(SYN_RECEIVED_PASSIVE, RCV_RST, TcpState.LISTEN);
    }

    @Test // T33
    void test_syn_received_rcv_rst_active() {
        check(SYN_RECEIVED_ACTIVE, RCV_RST, TcpState.CLOSED, signal(TcpSignal.REFUSED));
    }

    @Test // T34
    void test_syn_received_rcv_syn_passive() {
        check(SYN_RECEIVED_PASSIVE, RCV_SYN, TcpState.LISTEN);
    }

    @Test // T35 -> T94
    void test_syn_received_rcv_syn_active() {
        check(SYN_RECEIVED_ACTIVE, RCV_SYN, TcpState.SYN_RECEIVED, send(CHALLENGE_ACK));
    }

    @Test // A8: the peer's SYN again is answered with our SYN+ACK again, as Linux's tcp_check_req does
    void test_syn_received_rcv_syn_retransmitted_passive() {
        check(SYN_RECEIVED_PASSIVE, RCV_SYN_RETRANSMITTED, TcpState.SYN_RECEIVED, send(SYN_ACK));
    }

    @Test // A8 after a simultaneous open: as T35
    void test_syn_received_rcv_syn_retransmitted_active() {
        check(SYN_RECEIVED_ACTIVE, RCV_SYN_RETRANSMITTED, TcpState.SYN_RECEIVED, send(CHALLENGE_ACK));
    }

    @Test // T36
    void test_syn_received_close() {
        check(SYN_RECEIVED_PASSIVE, CLOSE, TcpState.FIN_WAIT_1, send(FIN));
    }

    @Test // T38
    void test_syn_received_send() {
        check(SYN_RECEIVED_PASSIVE, SEND, TcpState.SYN_RECEIVED);
        check(SYN_RECEIVED_PASSIVE, RECEIVE, TcpState.SYN_RECEIVED);
    }

    @Test // T39
    void test_syn_received_abort() {
        check(SYN_RECEIVED_ACTIVE, ABORT, TcpState.CLOSED, send(RST));
    }

    @Test // T99
    void test_syn_received_retransmission_timeout() {
        check(SYN_RECEIVED_PASSIVE, RETRANSMISSION_TIMEOUT, TcpState.SYN_RECEIVED, retransmit());
    }

    @Test // T100, passive origin
    void test_syn_received_retransmission_exhausted_passive() {
        check(SYN_RECEIVED_PASSIVE, RETRANSMISSION_EXHAUSTED, TcpState.LISTEN);
    }

    @Test // T100, active origin
    void test_syn_received_retransmission_exhausted_active() {
        check(SYN_RECEIVED_ACTIVE, RETRANSMISSION_EXHAUSTED, TcpState.CLOSED, signal(TcpSignal.TIMED_OUT));
    }

    // ---------------- ESTABLISHED ----------------

    @Test // T40
    void test_established_send() {
        check(ESTABLISHED, SEND, TcpState.ESTABLISHED, send(DATA));
    }

    @Test // T41
    void test_established_receive() {
        check(ESTABLISHED, RECEIVE, TcpState.ESTABLISHED);
    }

    @Test // T42
    void test_established_rcv_ack() {
        check(ESTABLISHED, RCV_ACK, TcpState.ESTABLISHED);
        check(ESTABLISHED, RCV_ACK_PARTIAL, TcpState.ESTABLISHED);
    }

    @Test // T43
    void test_established_rcv_fin() {
        check(ESTABLISHED, RCV_FIN, TcpState.CLOSE_WAIT, send(ACK), signal(TcpSignal.CLOSING));
    }

    @Test // T44
    void test_established_rcv_rst() {
        check(ESTABLISHED, RCV_RST, TcpState.CLOSED, signal(TcpSignal.RESET));
    }

    @Test // T45
    void test_established_close() {
        check(ESTABLISHED, CLOSE, TcpState.FIN_WAIT_1, send(FIN));
    }

    @Test // T46
    void test_established_abort() {
        check(ESTABLISHED, ABORT, TcpState.CLOSED, send(RST));
    }

    @Test // T94
    void test_established_rcv_syn() {
        check(ESTABLISHED, RCV_SYN, TcpState.ESTABLISHED, send(CHALLENGE_ACK));
    }

    @Test // T94
    void test_established_rcv_syn_ack() {
        check(ESTABLISHED, RCV_SYN_ACK, TcpState.ESTABLISHED, send(CHALLENGE_ACK));
    }

    @Test // T97
    void test_established_rcv_ack_unacceptable() {
        check(ESTABLISHED, RCV_ACK_UNACCEPTABLE, TcpState.ESTABLISHED, send(ACK));
    }

    @Test // T99
    void test_established_retransmission_timeout() {
        check(ESTABLISHED, RETRANSMISSION_TIMEOUT, TcpState.ESTABLISHED, retransmit());
    }

    @Test // T100
    void test_established_retransmission_exhausted() {
        check(ESTABLISHED, RETRANSMISSION_EXHAUSTED, TcpState.CLOSED, signal(TcpSignal.TIMED_OUT));
    }

    // ---------------- FIN_WAIT_1 ----------------

    @Test // T47
    void test_fin_wait_1_rcv_ack() {
        check(FIN_WAIT_1, RCV_ACK, TcpState.FIN_WAIT_2);
    }

    @Test // T48
    void test_fin_wait_1_rcv_ack_partial() {
        check(FIN_WAIT_1, RCV_ACK_PARTIAL, TcpState.FIN_WAIT_1);
    }

    @Test // T49
    void test_fin_wait_1_rcv_fin() {
        check(FIN_WAIT_1, RCV_FIN, TcpState.CLOSING, send(ACK), signal(TcpSignal.CLOSING));
    }

    @Test // T50
    void test_fin_wait_1_rcv_fin_ack() {
        check(FIN_WAIT_1, RCV_FIN_ACK, TcpState.TIME_WAIT, send(ACK), signal(TcpSignal.CLOSING), twStarted());
    }

    @Test // T51
    void test_fin_wait_1_rcv_rst() {
        check(FIN_WAIT_1, RCV_RST, TcpState.CLOSED, signal(TcpSignal.RESET));
    }

    @Test // T52
    void test_fin_wait_1_send() {
        check(FIN_WAIT_1, SEND, TcpState.FIN_WAIT_1, error(CLOSING_TEXT));
    }

    @Test // T53
    void test_fin_wait_1_receive() {
        check(FIN_WAIT_1, RECEIVE, TcpState.FIN_WAIT_1);
    }

    @Test // T54 (A3): never a second FIN
    void test_fin_wait_1_close() {
        check(FIN_WAIT_1, CLOSE, TcpState.FIN_WAIT_1, error(CLOSING_TEXT));
    }

    @Test // T55
    void test_fin_wait_1_abort() {
        check(FIN_WAIT_1, ABORT, TcpState.CLOSED, send(RST));
    }

    @Test // T94
    void test_fin_wait_1_rcv_syn() {
        check(FIN_WAIT_1, RCV_SYN, TcpState.FIN_WAIT_1, send(CHALLENGE_ACK));
    }

    @Test // T97
    void test_fin_wait_1_rcv_ack_unacceptable() {
        check(FIN_WAIT_1, RCV_ACK_UNACCEPTABLE, TcpState.FIN_WAIT_1, send(ACK));
    }

    @Test // T99
    void test_fin_wait_1_retransmission_timeout() {
        check(FIN_WAIT_1, RETRANSMISSION_TIMEOUT, TcpState.FIN_WAIT_1, retransmit());
    }

    // ---------------- FIN_WAIT_2 ----------------

    @Test // T56
    void test_fin_wait_2_rcv_fin() {
        check(FIN_WAIT_2, RCV_FIN, TcpState.TIME_WAIT, send(ACK), signal(TcpSignal.CLOSING), twStarted());
        check(FIN_WAIT_2, RCV_FIN_ACK, TcpState.TIME_WAIT, send(ACK), signal(TcpSignal.CLOSING), twStarted());
    }

    @Test // T57
    void test_fin_wait_2_rcv_ack() {
        check(FIN_WAIT_2, RCV_ACK, TcpState.FIN_WAIT_2);
        check(FIN_WAIT_2, RCV_ACK_PARTIAL, TcpState.FIN_WAIT_2);
    }

    @Test // T58
    void test_fin_wait_2_rcv_rst() {
        check(FIN_WAIT_2, RCV_RST, TcpState.CLOSED, signal(TcpSignal.RESET));
    }

    @Test // T59
    void test_fin_wait_2_send() {
        check(FIN_WAIT_2, SEND, TcpState.FIN_WAIT_2, error(CLOSING_TEXT));
    }

    @Test // T60 (A3)
    void test_fin_wait_2_close() {
        check(FIN_WAIT_2, CLOSE, TcpState.FIN_WAIT_2, error(CLOSING_TEXT));
    }

    @Test // T61
    void test_fin_wait_2_abort() {
        check(FIN_WAIT_2, ABORT, TcpState.CLOSED, send(RST));
    }

    @Test // no retransmission queue: stale timer (A7: no FIN_WAIT_2 timer either)
    void test_fin_wait_2_retransmission_timeout() {
        check(FIN_WAIT_2, RETRANSMISSION_TIMEOUT, TcpState.FIN_WAIT_2);
        check(FIN_WAIT_2, RETRANSMISSION_EXHAUSTED, TcpState.FIN_WAIT_2);
        check(FIN_WAIT_2, TIMEOUT, TcpState.FIN_WAIT_2);
    }

    // ---------------- CLOSE_WAIT ----------------

    @Test // T62
    void test_close_wait_send() {
        check(CLOSE_WAIT, SEND, TcpState.CLOSE_WAIT, send(DATA));
    }

    @Test // T63
    void test_close_wait_receive() {
        check(CLOSE_WAIT, RECEIVE, TcpState.CLOSE_WAIT);
    }

    @Test // T64
    void test_close_wait_rcv_ack() {
        check(CLOSE_WAIT, RCV_ACK, TcpState.CLOSE_WAIT);
    }

    @Test // T65
    void test_close_wait_rcv_fin() {
        check(CLOSE_WAIT, RCV_FIN, TcpState.CLOSE_WAIT, send(ACK));
    }

    @Test // T66
    void test_close_wait_close() {
        check(CLOSE_WAIT, CLOSE, TcpState.LAST_ACK, send(FIN));
    }

    @Test // T67
    void test_close_wait_rcv_rst() {
        check(CLOSE_WAIT, RCV_RST, TcpState.CLOSED, signal(TcpSignal.RESET));
    }

    @Test // T68
    void test_close_wait_abort() {
        check(CLOSE_WAIT, ABORT, TcpState.CLOSED, send(RST));
    }

    // ---------------- CLOSING ----------------

    @Test // T69
    void test_closing_rcv_ack() {
        check(CLOSING, RCV_ACK, TcpState.TIME_WAIT, twStarted());
    }

    @Test // T70
    void test_closing_rcv_ack_partial() {
        check(CLOSING, RCV_ACK_PARTIAL, TcpState.CLOSING);
    }

    @Test // T71
    void test_closing_rcv_fin_ack() {
        check(CLOSING, RCV_FIN_ACK, TcpState.TIME_WAIT, send(ACK), twStarted());
    }

    @Test // T72
    void test_closing_rcv_fin() {
        check(CLOSING, RCV_FIN, TcpState.CLOSING, send(ACK));
    }

    @Test // T73
    void test_closing_rcv_rst() {
        check(CLOSING, RCV_RST, TcpState.CLOSED);
    }

    @Test // T74
    void test_closing_send() {
        for (TcpEvent event : List.of(SEND, RECEIVE, CLOSE)) {
            check(CLOSING, event, TcpState.CLOSING, error(CLOSING_TEXT));
        }
    }

    @Test // T75
    void test_closing_abort() {
        check(CLOSING, ABORT, TcpState.CLOSED);
    }

    // ---------------- LAST_ACK ----------------

    @Test // T76
    void test_last_ack_rcv_ack() {
        check(LAST_ACK, RCV_ACK, TcpState.CLOSED);
    }

    @Test // T77
    void test_last_ack_rcv_ack_partial() {
        check(LAST_ACK, RCV_ACK_PARTIAL, TcpState.LAST_ACK);
        check(LAST_ACK, RCV_ACK_UNACCEPTABLE, TcpState.LAST_ACK);
    }

    @Test // T78
    void test_last_ack_rcv_fin_ack() {
        check(LAST_ACK, RCV_FIN_ACK, TcpState.CLOSED);
    }

    @Test // T79
    void test_last_ack_rcv_fin() {
        check(LAST_ACK, RCV_FIN, TcpState.LAST_ACK, send(ACK));
    }

    @Test // T80
    void test_last_ack_rcv_rst() {
        check(LAST_ACK, RCV_RST, TcpState.CLOSED);
    }

    @Test // T81
    void test_last_ack_send() {
        for (TcpEvent event : List.of(SEND, RECEIVE, CLOSE)) {
            check(LAST_ACK, event, TcpState.LAST_ACK, error(CLOSING_TEXT));
        }
    }

    @Test // T82
    void test_last_ack_abort() {
        check(LAST_ACK, ABORT, TcpState.CLOSED);
    }

    // ---------------- TIME_WAIT ----------------

    @Test // T83
    void test_time_wait_rcv_fin() {
        check(TIME_WAIT, RCV_FIN, TcpState.TIME_WAIT, twStopped(), send(ACK), twStarted());
        check(TIME_WAIT, RCV_FIN_ACK, TcpState.TIME_WAIT, twStopped(), send(ACK), twStarted());
    }

    @Test // T84
    void test_time_wait_timeout() {
        check(TIME_WAIT, TIMEOUT, TcpState.CLOSED);
    }

    @Test // T85 (A4)
    void test_time_wait_rcv_rst() {
        check(TIME_WAIT, RCV_RST, TcpState.CLOSED, twStopped());
    }

    @Test // T87 (RFC 5961; MAY-2 not taken)
    void test_time_wait_rcv_syn() {
        check(TIME_WAIT, RCV_SYN, TcpState.TIME_WAIT, send(CHALLENGE_ACK));
    }

    @Test // T88
    void test_time_wait_rcv_ack() {
        for (TcpEvent event : List.of(RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE)) {
            check(TIME_WAIT, event, TcpState.TIME_WAIT);
        }
    }

    @Test // T89
    void test_time_wait_send() {
        for (TcpEvent event : List.of(SEND, RECEIVE, CLOSE)) {
            check(TIME_WAIT, event, TcpState.TIME_WAIT, error(CLOSING_TEXT));
        }
    }

    @Test // T90
    void test_time_wait_abort() {
        check(TIME_WAIT, ABORT, TcpState.CLOSED, twStopped());
    }

    // ---------------- cross-cutting rows ----------------

    @Test // T94: every synchronized state
    void test_synchronized_rcv_syn() {
        for (Situation situation : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
                TIME_WAIT)) {
            for (TcpEvent event : List.of(RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED)) {
                check(situation, event, situation.state, send(CHALLENGE_ACK));
            }
        }
    }

    @Test // T97
    void test_synchronized_rcv_ack_unacceptable() {
        for (Situation situation : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING)) {
            check(situation, RCV_ACK_UNACCEPTABLE, situation.state, send(ACK));
        }
    }

    @Test // T98
    void test_any_user_timeout() {
        for (Situation situation : Situation.values()) {
            if (situation == CLOSED) {
                continue;
            }
            Run run = TcpHarness.in(situation);
            run.fire(USER_TIMEOUT);
            assertEquals(TcpState.CLOSED, run.state(), situation::toString);
            List<TcpEffect> effects = run.take();
            assertEquals(error(USER_TIMEOUT_TEXT), effects.get(effects.size() - 1), situation::toString);
        }
    }

    @Test // T99, T100: every state with a retransmission queue
    void test_any_retransmission_timeout() {
        for (Situation situation : List.of(SYN_SENT, SYN_RECEIVED_PASSIVE, SYN_RECEIVED_ACTIVE, ESTABLISHED,
                FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK)) {
            check(situation, RETRANSMISSION_TIMEOUT, situation.state, retransmit());
        }
        for (Situation situation : List.of(SYN_SENT, SYN_RECEIVED_ACTIVE, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT,
                CLOSING, LAST_ACK)) {
            check(situation, RETRANSMISSION_EXHAUSTED, TcpState.CLOSED, signal(TcpSignal.TIMED_OUT));
        }
    }

    @Test // T101
    void test_any_open_when_connection_exists() {
        for (Situation situation : Situation.values()) {
            if (situation == CLOSED || situation == LISTEN) {
                continue;
            }
            check(situation, PASSIVE_OPEN, situation.state, error(ALREADY_EXISTS));
            check(situation, ACTIVE_OPEN, situation.state, error(ALREADY_EXISTS));
        }
    }

    @Test // TIMEOUT is the TIME-WAIT timer: stale anywhere else
    void test_any_stale_timeout() {
        for (Situation situation : Situation.values()) {
            if (situation != TIME_WAIT) {
                check(situation, TIMEOUT, situation.state);
            }
        }
    }
}
