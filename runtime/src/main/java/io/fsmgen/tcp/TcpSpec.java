package io.fsmgen.tcp;

import io.fsmgen.ExtendedState;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;
import java.time.Duration;
import java.util.Objects;

/**
 * The TCP connection state machine of RFC 9293 (§3.3.2, §3.5, §3.6, §3.8.3, §3.10), with RFC 5961's mitigations as
 * RFC 9293 incorporates them. The fsmgen processor generates {@code TcpMachine} from this table.
 *
 * <p>The table is complete: every (state, event) pair of {@link TcpState} × {@link TcpEvent} has a row, checked at
 * build time ({@code complete = true}). A pair's outcome is a transition, an explicit stay with the RFC's action
 * (which may be "drop the segment"), or a rejection of the user call with the RFC's error text. Row IDs (T01…T102)
 * refer to the project's RFC 9293 reference table.
 *
 * <h2>What the machine decides, what the engine does</h2>
 *
 * The machine says which segment to send, which signal or error the user gets, and runs the 2·MSL TIME-WAIT timer.
 * The engine bound to {@link TcpEffects} owns the TCB: sequence numbers, the acceptability test of §3.10.7.4 (T91–T93
 * happen before an event reaches the machine), the retransmission queue and the user/retransmission timers, queued
 * SENDs and RECEIVEs (T25, T38), and deferring a CLOSE until queued SENDs are segmentized (T37, T45, T66). Security
 * compartments (T17) are not modelled.
 *
 * <h2>Extended state</h2>
 *
 * Both fields are {@link ExtendedState}: a machine's {@code snapshot()} and {@code encode} capture them with its
 * state and its TIME-WAIT timer, which persistence and the protocol explorer ({@code fsmgen-check}) rely on.
 *
 * <ul>
 *   <li>{@link #passive()}: whether SYN_RECEIVED was reached from LISTEN (passive OPEN) or from SYN_SENT (active OPEN,
 *       simultaneous open), as MUST-11 (§3.5) requires. It decides where RST (T32/T33), SYN (T34/T35), SYN+ACK and R2
 *       lead from SYN_RECEIVED.
 *   <li>{@link #remoteKnown()}: whether the remote socket is specified. An active OPEN always specifies it; before a
 *       passive OPEN the caller may specify it with {@link #setRemoteKnown}. A SEND in LISTEN needs it (T09/T10).
 *       Cleared when the TCB is deleted (entry to CLOSED).
 * </ul>
 *
 * <h2>Choices on the RFC's ambiguities</h2>
 *
 * <ul>
 *   <li><b>A1</b>, SYN+ACK in SYN_RECEIVED after a simultaneous open (§3.5 Figure 7 line 6, §3.10.7.4 trimming rule):
 *       it completes the handshake, SYN_RECEIVED → ESTABLISHED, as Figure 7 and Linux do (T29). From a passive OPEN
 *       the SYN bit check of §3.10.7.4 Fourth applies first and the connection returns to LISTEN (T34).
 *   <li><b>A2</b>, ABORT versus Figure 5 Note 3 (§3.10.5, §3.5.2): ABORT goes to CLOSED as §3.10.5 says, sending
 *       {@code <SEQ=SND.NXT><CTL=RST>} only from SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 and CLOSE_WAIT
 *       (the states Linux's {@code tcp_need_reset} lists); nothing from LISTEN, SYN_SENT, CLOSING, LAST_ACK and
 *       TIME_WAIT. The RST sender does not linger in TIME-WAIT.
 *   <li><b>A3</b>, CLOSE in FIN_WAIT_1/FIN_WAIT_2 (§3.10.4): rejected with "connection closing", the strict reading;
 *       no second FIN is ever sent.
 *   <li><b>A4</b>, RST in TIME_WAIT (§3.10.7.4 Second, RFC 1337): the connection goes to CLOSED, as RFC 9293 and
 *       Linux's default say. {@link Rfc1337TcpSpec} ignores it instead.
 *   <li><b>A5</b>, RFC 5961 versus RFC 793 (§3.10.7.4 Fourth): RFC 5961. A SYN or SYN+ACK in a synchronized state
 *       (and a SYN in SYN_RECEIVED reached by an active OPEN) gets a challenge ACK and the state is unchanged (T94,
 *       T87; MAY-2's reopening of TIME-WAIT by a new SYN (T86) needs sequence numbers and is not taken).
 *       {@link Rfc793TcpSpec} resets the connection instead (T95). RST acceptability (T92/T93) is the engine's.
 *   <li><b>A6</b>, timer values (§3.4.2): MSL is configurable through {@link TcpConfig}; the default TIME-WAIT is
 *       60 s as on Linux ({@link TcpConfig#DEFAULT}); {@link TcpConfig#RFC_9293} gives the RFC's 4 minutes.
 *   <li><b>A7</b>, no FIN_WAIT_2 timeout in the RFC (§3.10.8): none is added. An engine that wants Linux's
 *       {@code tcp_fin_timeout} fires {@link TcpEvent#USER_TIMEOUT}, which closes the connection from any state.
 *   <li><b>A8</b>, the peer's SYN again in SYN_RECEIVED from a passive OPEN ({@link TcpEvent#RCV_SYN_RETRANSMITTED},
 *       SEG.SEQ = IRS): it lies before RCV.NXT, so §3.10.7.4 First finds it unacceptable and asks for an
 *       acknowledgment {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} (T91). A peer in SYN-SENT drops a bare ACK
 *       (§3.10.7.3 Fifth), so its connection waits for our retransmission timer. The answer here is the SYN+ACK
 *       again, {@code <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>}: it carries the same acknowledgment, and resends our SYN,
 *       which is unacknowledged and which the RFC lets us retransmit, as Linux's {@code tcp_check_req} does ("Check
 *       for pure retransmitted SYN", rate-limited like its other answers to out-of-window segments). After a
 *       simultaneous open it gets the challenge ACK of T35, as Linux's full socket does; in the synchronized states,
 *       where it lies outside the window, the challenge ACK of T94.
 *   <li><b>A9</b>, the half-duplex close of §3.6.1 (SHLD-3: "If such a host issues a CLOSE call while received data
 *       is still pending in the TCP connection, or if new data is received after CLOSE is called, its TCP SHOULD send
 *       a RST to show that data was lost"; RFC 1122 §4.2.2.13, RFC 2525 §2.17). RFC 9293's CLOSE leaves the receive
 *       side open (§3.10.4), so a user that will not read again has events of its own, with Linux's {@code close(2)}
 *       as the model (checked on loopback, Linux 6.18):
 *       <ul>
 *         <li>{@link TcpEvent#CLOSE_DISCARDING_UNREAD}, that close with received data unread: a RST
 *             {@code <SEQ=SND.NXT><CTL=RST>} and CLOSED from every state that has a peer to tell, CLOSING and
 *             LAST_ACK included, where ABORT's rows (A2) send none: Linux's {@code tcp_close} sends it from
 *             FIN_WAIT1, FIN_WAIT2, CLOSING and LAST_ACK alike ({@code TCPAbortOnClose}). In TIME_WAIT nothing is
 *             sent and the 2·MSL runs on: Linux's socket there is already closed, and its time-wait socket stays.
 *         <li>{@link TcpEvent#RCV_DATA_NO_READER}, new text for such a user: a RST {@code <SEQ=SEG.ACK><CTL=RST>}
 *             and CLOSED, without a signal (nobody will read), as Linux answers it in FIN_WAIT1
 *             ({@code TCPAbortOnData}) and in FIN_WAIT2 ("new data after half-duplex close"). The engine classifies
 *             it only in the states that take text; after the peer's FIN there is none to take (§3.10.7.4 Seventh).
 *       </ul>
 * </ul>
 *
 * <h2>Other decisions</h2>
 *
 * <ul>
 *   <li>Timers: TIMEOUT outside TIME_WAIT, and USER_TIMEOUT / RETRANSMISSION_* where no TCB or no retransmission queue
 *       exists, are stale expiries and are ignored. RETRANSMISSION_EXHAUSTED (R2, §3.8.3) closes the connection with
 *       "connection timed out", except in SYN_RECEIVED from a passive OPEN, which returns to LISTEN like a RST does
 *       (the listener survives, as on Linux).
 *   <li>A passive OPEN in LISTEN gets "connection already exists": the TCB already exists (§3.10.1).
 *   <li>A FIN in CLOSED or LISTEN is treated as ACK-bearing and answered with {@code <SEQ=SEG.ACK><CTL=RST>} (T06,
 *       T15); a FIN in SYN_SENT is dropped (T24).
 *   <li>"connected" is signalled on every entry to ESTABLISHED (and when SYN_RECEIVED jumps to CLOSE_WAIT on a
 *       FIN, T31); "connection closing" when the peer's first FIN arrives; a retransmitted FIN is only ACKed.
 *   <li>A close from a user that will not read again, while received data is unread (RFC 9293 §3.6.1's half-duplex
 *       close, Linux's {@code close(2)}), is {@link TcpEvent#CLOSE_DISCARDING_UNREAD} (A9). Without unread data it
 *       is CLOSE (none if a CLOSE was already issued), and text arriving afterwards is
 *       {@link TcpEvent#RCV_DATA_NO_READER} (A9). A RST ends a
 *       connection's data with its unread octets still readable (as on Linux; the RFC's "segment queues should be
 *       flushed" is left to the user's reads) and owes the next SEND or RECEIVE the engine refuses a "connection
 *       reset" (§3.10.7.4 Second), unless the peer's FIN came first.
 * </ul>
 *
 * <h2>Rows of the reference table that are not machine events</h2>
 *
 * <ul>
 *   <li>T03/T10 for ACTIVE_OPEN: {@link TcpEvent#ACTIVE_OPEN} means the remote socket is specified; the user API
 *       rejects an active OPEN without one before the machine sees it.
 *   <li>T17 (security/compartment mismatch): compartments are not modelled.
 *   <li>T18, T96 (segments without ACK other than SYN): dropped by the engine.
 *   <li>T23, T91–T93 (unacceptable RST, out-of-window segments, RFC 5961 RST checks): the engine's acceptability test.
 *   <li>T37 (CLOSE with SENDs pending in SYN_RECEIVED): the engine defers the CLOSE event.
 *   <li>T86 (MAY-2 reopening from TIME_WAIT): not taken, see A5.
 *   <li>T102 (STATUS): answered by {@code state()} and the spec's accessors, not an event.
 * </ul>
 *
 * <p>Subclass this spec to derive a variant: rows with the same (state, event, guard) replace the inherited ones
 * (see {@link Rfc1337TcpSpec} and {@link Rfc793TcpSpec}).
 */
@StateMachine(
        states = TcpState.class,
        events = TcpEvent.class,
        initial = "CLOSED",
        name = "TcpMachine",
        unhandled = Unhandled.THROW,
        complete = true,
        transitions = {
            // ---- CLOSED (§3.10.1–§3.10.5, §3.10.7.1) ----
            @Transition(from = "CLOSED", on = "PASSIVE_OPEN", to = "LISTEN"), // T01
            @Transition(from = "CLOSED", on = "ACTIVE_OPEN", action = {"activeOpen", "sendSyn"}, to = "SYN_SENT"), // T02
            @Transition(from = "CLOSED", on = {"SEND", "RECEIVE", "CLOSE", "ABORT", "CLOSE_DISCARDING_UNREAD"},
                    action = "errorDoesNotExist"), // T04
            @Transition(from = "CLOSED", on = {"RCV_SYN", "RCV_SYN_RETRANSMITTED"}, action = "sendRstAck"), // T05
            @Transition(from = "CLOSED",
                    on = {"RCV_SYN_ACK", "RCV_ACK", "RCV_ACK_PARTIAL", "RCV_ACK_UNACCEPTABLE", "RCV_FIN", "RCV_FIN_ACK",
                        "RCV_DATA_NO_READER"},
                    action = "sendRst"), // T06
            @Transition(from = "CLOSED", on = "RCV_RST"), // T07: never answer a RST
            @Transition(from = "CLOSED", on = "USER_TIMEOUT"), // stale: no TCB, no user timer

            // ---- LISTEN (§3.10.1–§3.10.5, §3.10.7.2) ----
            @Transition(from = "LISTEN", on = "ACTIVE_OPEN", action = {"activeOpen", "sendSyn"}, to = "SYN_SENT"), // T08
            @Transition(from = "LISTEN", on = "SEND", guard = "remoteKnown", action = "sendSyn", to = "SYN_SENT"), // T09
            @Transition(from = "LISTEN", on = "SEND", action = "errorRemoteUnspecified"), // T10
            @Transition(from = "LISTEN", on = "CLOSE", to = "CLOSED"), // T12
            @Transition(from = "LISTEN", on = "ABORT", to = "CLOSED"), // T13
            @Transition(from = "LISTEN", on = "RCV_RST"), // T14: ignored
            @Transition(from = "LISTEN",
                    on = {"RCV_SYN_ACK", "RCV_ACK", "RCV_ACK_PARTIAL", "RCV_ACK_UNACCEPTABLE", "RCV_FIN", "RCV_FIN_ACK",
                        "RCV_DATA_NO_READER"},
                    action = "sendRst"), // T15
            @Transition(from = "LISTEN", on = {"RCV_SYN", "RCV_SYN_RETRANSMITTED"},
                    action = {"fromListen", "sendSynAck"}, to = "SYN_RECEIVED"), // T16

            // ---- SYN_SENT (§3.10.7.3) ----
            @Transition(from = "SYN_SENT", on = "RCV_SYN_ACK", action = "sendAck", to = "ESTABLISHED"), // T19
            @Transition(from = "SYN_SENT", on = {"RCV_SYN", "RCV_SYN_RETRANSMITTED"},
                    action = {"fromSynSent", "sendSynAck"}, to = "SYN_RECEIVED"), // T20
            @Transition(from = "SYN_SENT", on = {"RCV_ACK_PARTIAL", "RCV_ACK_UNACCEPTABLE"}, action = "sendRst"), // T21
            @Transition(from = "SYN_SENT", on = "RCV_RST", action = "signalReset", to = "CLOSED"), // T22
            @Transition(from = "SYN_SENT", on = {"RCV_ACK", "RCV_FIN", "RCV_FIN_ACK", "RCV_DATA_NO_READER"}), // T24
            @Transition(from = "SYN_SENT", on = "CLOSE", to = "CLOSED"), // T26: no segment
            @Transition(from = "SYN_SENT", on = "ABORT", to = "CLOSED"), // T27: no segment

            // ---- SYN_RECEIVED (§3.10.7.4) ----
            @Transition(from = "SYN_RECEIVED", on = "RCV_ACK", to = "ESTABLISHED"), // T28
            @Transition(from = "SYN_RECEIVED", on = "RCV_SYN_ACK", guard = "passive", to = "LISTEN"), // T34 (SYN bit)
            @Transition(from = "SYN_RECEIVED", on = "RCV_SYN_ACK", to = "ESTABLISHED"), // T29, A1
            @Transition(from = "SYN_RECEIVED", on = {"RCV_ACK_PARTIAL", "RCV_ACK_UNACCEPTABLE"}, action = "sendRst"), // T30
            @Transition(from = "SYN_RECEIVED", on = {"RCV_FIN", "RCV_FIN_ACK"},
                    action = {"signalConnected", "sendAck", "signalClosing"}, to = "CLOSE_WAIT"), // T31
            @Transition(from = "SYN_RECEIVED", on = "RCV_RST", guard = "passive", to = "LISTEN"), // T32
            @Transition(from = "SYN_RECEIVED", on = "RCV_RST", action = "signalRefused", to = "CLOSED"), // T33
            @Transition(from = "SYN_RECEIVED", on = "RCV_SYN", guard = "passive", to = "LISTEN"), // T34
            @Transition(from = "SYN_RECEIVED", on = "RCV_SYN_RETRANSMITTED", guard = "passive",
                    action = "sendSynAck"), // A8: the SYN+ACK again, as Linux's tcp_check_req
            @Transition(from = "SYN_RECEIVED", on = {"RCV_SYN", "RCV_SYN_RETRANSMITTED"},
                    action = "sendChallengeAck"), // T35 -> T94
            @Transition(from = "SYN_RECEIVED", on = "CLOSE", action = "sendFin", to = "FIN_WAIT_1"), // T36

            // ---- ESTABLISHED ----
            @Transition(from = "ESTABLISHED", on = "CLOSE", action = "sendFin", to = "FIN_WAIT_1"), // T45
            @Transition(from = "ESTABLISHED", on = {"RCV_FIN", "RCV_FIN_ACK"},
                    action = {"sendAck", "signalClosing"}, to = "CLOSE_WAIT"), // T43

            // ---- FIN_WAIT_1 ----
            @Transition(from = "FIN_WAIT_1", on = "RCV_ACK", to = "FIN_WAIT_2"), // T47
            @Transition(from = "FIN_WAIT_1", on = "RCV_FIN", action = {"sendAck", "signalClosing"}, to = "CLOSING"), // T49
            @Transition(from = "FIN_WAIT_1", on = "RCV_FIN_ACK",
                    action = {"sendAck", "signalClosing"}, to = "TIME_WAIT"), // T50: FIN+ACK shortcut (Fig. 5 note 2)

            // ---- FIN_WAIT_2 ----
            @Transition(from = "FIN_WAIT_2", on = {"RCV_FIN", "RCV_FIN_ACK"},
                    action = {"sendAck", "signalClosing"}, to = "TIME_WAIT"), // T56

            // ---- CLOSE_WAIT ----
            @Transition(from = "CLOSE_WAIT", on = "CLOSE", action = "sendFin", to = "LAST_ACK"), // T66
            @Transition(from = "CLOSE_WAIT", on = {"RCV_FIN", "RCV_FIN_ACK"}, action = "sendAck"), // T65: retransmitted FIN

            // ---- CLOSING ----
            @Transition(from = "CLOSING", on = "RCV_ACK", to = "TIME_WAIT"), // T69
            @Transition(from = "CLOSING", on = "RCV_FIN_ACK", action = "sendAck", to = "TIME_WAIT"), // T71
            @Transition(from = "CLOSING", on = "RCV_FIN", action = "sendAck"), // T72

            // ---- LAST_ACK ----
            @Transition(from = "LAST_ACK", on = {"RCV_ACK", "RCV_FIN_ACK"}, to = "CLOSED"), // T76, T78
            @Transition(from = "LAST_ACK", on = "RCV_FIN", action = "sendAck"), // T79
            @Transition(from = "LAST_ACK", on = {"RCV_ACK_PARTIAL", "RCV_ACK_UNACCEPTABLE"}), // T77: nothing

            // ---- TIME_WAIT ----
            @Transition(from = "TIME_WAIT", on = {"RCV_FIN", "RCV_FIN_ACK"}, action = "sendAck", to = "TIME_WAIT"), // T83: restarts 2·MSL
            @Transition(from = "TIME_WAIT", on = "TIMEOUT", to = "CLOSED"), // T84
            @Transition(from = "TIME_WAIT", on = "RCV_RST", to = "CLOSED"), // T85 (A4)
            @Transition(from = "TIME_WAIT", on = {"RCV_ACK", "RCV_ACK_PARTIAL", "RCV_ACK_UNACCEPTABLE"}), // T88: nothing

            // ---- rows shared by several states ----
            // User calls that are queued or served by the engine: nothing for the machine to do.
            @Transition(from = {"LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                        "CLOSE_WAIT"}, on = "RECEIVE"), // T11, T25, T38, T41, T53, RFC §3.10.3 FIN-WAIT-2, T63
            @Transition(from = {"SYN_SENT", "SYN_RECEIVED"}, on = "SEND"), // T25, T38: queued until ESTABLISHED
            @Transition(from = {"ESTABLISHED", "CLOSE_WAIT"}, on = "SEND", action = "sendData"), // T40, T62
            // "connection closing" (§3.10.2–§3.10.4).
            @Transition(from = {"FIN_WAIT_1", "FIN_WAIT_2"}, on = {"SEND", "CLOSE"},
                    action = "errorClosing"), // T52, T54, T59, T60 (A3)
            @Transition(from = {"CLOSING", "LAST_ACK", "TIME_WAIT"}, on = {"SEND", "RECEIVE", "CLOSE"},
                    action = "errorClosing"), // T74, T81, T89
            // ABORT (§3.10.5, A2).
            @Transition(from = {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT"}, on = "ABORT",
                    action = "sendRst", to = "CLOSED"), // T39, T46, T55, T61, T68
            @Transition(from = {"CLOSING", "LAST_ACK", "TIME_WAIT"}, on = "ABORT", to = "CLOSED"), // T75, T82, T90
            // A close from a user that will not read again, and text for it (§3.6.1 half-duplex close, A9).
            @Transition(from = {"LISTEN", "SYN_SENT"}, on = "CLOSE_DISCARDING_UNREAD",
                    to = "CLOSED"), // A9: nothing received, as ABORT (T13, T27)
            @Transition(from = {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",
                        "LAST_ACK"}, on = "CLOSE_DISCARDING_UNREAD", action = "sendRst", to = "CLOSED"), // A9
            @Transition(from = "TIME_WAIT", on = "CLOSE_DISCARDING_UNREAD"), // A9: the 2·MSL runs on, nothing sent
            @Transition(from = {"SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2"}, on = "RCV_DATA_NO_READER",
                    action = "sendRst", to = "CLOSED"), // A9: <SEQ=SEG.ACK><CTL=RST>, no signal: nobody reads
            @Transition(from = {"CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"},
                    on = "RCV_DATA_NO_READER"), // A9: not classified there: text after the peer's FIN is ignored
            // Acceptable ACKs in the data-transfer states: the engine processes them.
            @Transition(from = {"ESTABLISHED", "FIN_WAIT_2", "CLOSE_WAIT"}, on = {"RCV_ACK", "RCV_ACK_PARTIAL"}), // T42, T57, T64
            @Transition(from = {"FIN_WAIT_1", "CLOSING"}, on = "RCV_ACK_PARTIAL"), // T48, T70: our FIN not yet ACKed
            @Transition(from = {"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING"},
                    on = "RCV_ACK_UNACCEPTABLE", action = "sendAck"), // T97
            // RST (§3.10.7.4 Second).
            @Transition(from = {"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT"}, on = "RCV_RST",
                    action = "signalReset", to = "CLOSED"), // T44, T51, T58, T67
            @Transition(from = {"CLOSING", "LAST_ACK"}, on = "RCV_RST", to = "CLOSED"), // T73, T80
            // SYN in a synchronized state: RFC 5961 challenge ACK (§3.10.7.4 Fourth, A5).
            @Transition(from = {"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
                        "TIME_WAIT"}, on = {"RCV_SYN", "RCV_SYN_ACK", "RCV_SYN_RETRANSMITTED"},
                    action = "sendChallengeAck"), // T94, T87
            // Retransmission timer (§3.10.8, §3.8.3) in the states that have a retransmission queue.
            @Transition(from = {"SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "CLOSE_WAIT", "CLOSING",
                        "LAST_ACK"}, on = "RETRANSMISSION_TIMEOUT", action = "retransmit"), // T99
            @Transition(from = "SYN_RECEIVED", on = "RETRANSMISSION_EXHAUSTED", guard = "passive",
                    to = "LISTEN"), // T100, passive origin: the listener survives
            @Transition(from = {"SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "CLOSE_WAIT", "CLOSING",
                        "LAST_ACK"}, on = "RETRANSMISSION_EXHAUSTED", action = "signalTimedOut", to = "CLOSED"), // T100

            // ---- fallbacks for every other state ("*") ----
            @Transition(from = "*", on = {"PASSIVE_OPEN", "ACTIVE_OPEN"}, action = "errorAlreadyExists"), // T101
            @Transition(from = "*", on = "USER_TIMEOUT", action = "errorUserTimeout", to = "CLOSED"), // T98
            @Transition(from = "*", on = {"TIMEOUT", "RETRANSMISSION_TIMEOUT", "RETRANSMISSION_EXHAUSTED"}), // stale timer
        })
public abstract class TcpSpec {

    /** RFC 9293 error texts (§3.10), without the "error: " prefix. */
    public static final String CONNECTION_DOES_NOT_EXIST = "connection does not exist";
    public static final String CONNECTION_ALREADY_EXISTS = "connection already exists";
    public static final String CONNECTION_CLOSING = "connection closing";
    public static final String REMOTE_SOCKET_UNSPECIFIED = "remote socket unspecified";
    public static final String USER_TIMEOUT = "connection aborted due to user timeout";

    private final TcpEffects effects;
    private final Scheduler scheduler;
    private final TcpConfig config;

    /** MUST-11: SYN_RECEIVED was reached from LISTEN. Protected so that every generated variant captures it. */
    @ExtendedState
    protected boolean passive;
    /** The remote socket is specified (always after an active OPEN). */
    @ExtendedState
    protected boolean remoteKnown;

    /** A detached machine: effects are dropped, no timer is ever armed, TIME-WAIT is 60 s. */
    public TcpSpec() {
        this(TcpEffects.NONE, Scheduler.none(), TcpConfig.DEFAULT);
    }

    /** A machine bound to {@code effects}, running its TIME-WAIT timer on {@code scheduler}, with the default config. */
    public TcpSpec(TcpEffects effects, Scheduler scheduler) {
        this(effects, scheduler, TcpConfig.DEFAULT);
    }

    /** A machine bound to {@code effects}, running its TIME-WAIT timer on {@code scheduler}. */
    public TcpSpec(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        this.effects = Objects.requireNonNull(effects, "effects");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The configuration this machine was built with. */
    public TcpConfig config() {
        return config;
    }

    /**
     * MUST-11 (§3.5): true when the current (or last) SYN_RECEIVED was reached by a passive OPEN, false when by an
     * active one (simultaneous open).
     */
    public boolean passive() {
        return passive;
    }

    /** Whether the remote socket is specified; a SEND in LISTEN needs it (T09/T10). */
    public boolean remoteKnown() {
        return remoteKnown;
    }

    /**
     * Tells the machine that the remote socket is (or is not) specified, e.g. before a fully specified passive OPEN
     * or before a SEND in LISTEN that names it. Cleared when the TCB is deleted.
     */
    public void setRemoteKnown(boolean known) {
        this.remoteKnown = known;
    }

    // ---- machine plumbing ----

    protected Scheduler scheduler() {
        return scheduler;
    }

    @Timeout(state = "TIME_WAIT", fire = "TIMEOUT")
    protected Duration timeWait() {
        return config.timeWait();
    }

    @OnEntry("TIME_WAIT")
    protected void timeWaitEntered() {
        effects.timeWaitStarted(config.timeWait());
    }

    @OnExit("TIME_WAIT")
    protected void timeWaitLeft(TcpEvent event) {
        if (event != TcpEvent.TIMEOUT) {
            effects.timeWaitStopped();
        }
    }

    @OnEntry("ESTABLISHED")
    protected void established() {
        signal(TcpSignal.CONNECTED);
    }

    /** Entry to CLOSED: the TCB is deleted, so is what it remembered. */
    @OnEntry("CLOSED")
    protected void tcbDeleted() {
        passive = false;
        remoteKnown = false;
    }

    // ---- extended-state actions ----

    protected void activeOpen() {
        remoteKnown = true;
    }

    protected void fromListen() {
        passive = true;
        remoteKnown = true;
    }

    protected void fromSynSent() {
        passive = false;
    }

    // ---- segments ----

    protected void sendSyn() {
        segment(TcpSegment.SYN);
    }

    protected void sendSynAck() {
        segment(TcpSegment.SYN_ACK);
    }

    protected void sendAck() {
        segment(TcpSegment.ACK);
    }

    protected void sendData() {
        segment(TcpSegment.DATA);
    }

    protected void sendFin() {
        segment(TcpSegment.FIN);
    }

    protected void sendRst() {
        segment(TcpSegment.RST);
    }

    protected void sendRstAck() {
        segment(TcpSegment.RST_ACK);
    }

    protected void sendChallengeAck() {
        segment(TcpSegment.CHALLENGE_ACK);
    }

    protected void retransmit() {
        effects.retransmit();
    }

    // ---- signals and errors ----

    protected void signalConnected() {
        signal(TcpSignal.CONNECTED);
    }

    protected void signalClosing() {
        signal(TcpSignal.CLOSING);
    }

    protected void signalReset() {
        signal(TcpSignal.RESET);
    }

    protected void signalRefused() {
        signal(TcpSignal.REFUSED);
    }

    protected void signalTimedOut() {
        signal(TcpSignal.TIMED_OUT);
    }

    protected void errorDoesNotExist() {
        error(CONNECTION_DOES_NOT_EXIST);
    }

    protected void errorAlreadyExists() {
        error(CONNECTION_ALREADY_EXISTS);
    }

    protected void errorClosing() {
        error(CONNECTION_CLOSING);
    }

    protected void errorRemoteUnspecified() {
        error(REMOTE_SOCKET_UNSPECIFIED);
    }

    protected void errorUserTimeout() {
        error(USER_TIMEOUT);
    }

    // ---- the effects' call sites ----

    /*
     * Every action sends its segment, signal or error through one of these three, so that each kind of effect has one
     * call into TcpEffects, run as often as all its actions together. HotSpot inlines a call through an interface by
     * the receiver types it profiled there, and trusts that profile only once the method holding the call has run
     * about 1,000 times (ProfileMaturityPercentage, 20 % of Tier4InvocationThreshold). An action's own call, run once
     * per connection, was still too young when fire, run once per event, was compiled: the JIT left it a virtual call
     * in some JVMs and not in others (BENCHMARKS.md, runs AL-AW).
     */

    private void segment(TcpSegment segment) {
        effects.send(segment);
    }

    private void signal(TcpSignal signal) {
        effects.signal(signal);
    }

    private void error(String text) {
        effects.error(text);
    }
}
