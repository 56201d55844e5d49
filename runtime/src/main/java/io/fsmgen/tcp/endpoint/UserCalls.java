package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;

/**
 * The user's calls (RFC 9293 §3.10) as the machine hears them: each one is an event, and the machine's refusal, the
 * RFC's text given through {@link MachineEffects#error}, becomes the call's {@link TcpException}. One call is the
 * engine's to hold rather than the machine's: a CLOSE with data still unsegmentized waits for it (T37, T45, T66), and
 * meanwhile the connection is closing for the user, so a SEND is refused as the machine would refuse it.
 *
 * <p>A RST that ends the connection before the peer's FIN is owed to the user's calls as well as signalled: "any
 * outstanding RECEIVEs and SEND should receive 'reset' responses" (§3.10.7.4 Second). The calls here are never
 * outstanding (they return at once), so the response goes to the first SEND or RECEIVE the machine refuses after the
 * reset, once, as Linux reports its {@code sk_err}: a reader first gets every byte that arrived before the RST (Linux
 * keeps them too), then "connection reset" where Linux's read fails with ECONNRESET, then "connection does not exist".
 * After the peer's FIN, Linux's reader sees end of stream and no reset (its error is EPIPE, for a write), and so does
 * ours.
 */
final class UserCalls {

    private final TcpMachine machine;
    /** The error the machine gave the current call, if any. */
    private String callError;
    private boolean closePending;
    /** A CLOSE was fired or is held: the user has closed for sending. */
    private boolean closeIssued;
    /** The user has closed for reading too (Linux's {@code close(2)}): new text is for nobody (TcpSpec's A9). */
    private boolean readingClosed;
    /** A RST cut an established stream before the peer's FIN, and no SEND or RECEIVE has been refused since. */
    private boolean resetOwed;

    UserCalls(TcpMachine machine) {
        this.machine = machine;
    }

    /** Fires the call's event; throws the machine's refusal, except RECEIVE's, which {@link #refusal} keeps. */
    void fire(TcpEvent event) {
        callError = null;
        machine.fire(event);
        if (callError != null && event != TcpEvent.RECEIVE) {
            String text = event == TcpEvent.SEND ? refusal() : callError;
            callError = null;
            throw new TcpException(text);
        }
    }

    /** The machine refused the current call with the RFC's {@code text}. */
    void refused(String text) {
        callError = text;
    }

    /**
     * The refusal of the last call, RECEIVE's kept for when it has nothing to hand over; null if none. The first one
     * after a RST that came before the peer's FIN is "connection reset" instead, once.
     */
    String refusal() {
        if (callError != null && resetOwed) {
            resetOwed = false;
            return TcpSignal.RESET.text();
        }
        return callError;
    }

    /**
     * The peer reset the connection. Owed only to a connection that was {@code connected}, whose stream it cut short,
     * and not after the peer's FIN ({@code finReceived}), when a reader has its end of stream. A RST in SYN_SENT is
     * Linux's ECONNREFUSED, which its connect reports, not a reset: the signal says it.
     */
    void reset(boolean connected, boolean finReceived) {
        resetOwed = connected && !finReceived;
    }

    /** SEND after a deferred CLOSE: the CLOSE is already issued (§3.10.4), so the connection is closing. */
    void refuseSendWhileClosing() {
        if (closePending) {
            throw new TcpException(TcpSpec.CONNECTION_CLOSING);
        }
    }

    /**
     * CLOSE: fired now, or held while {@code unsentBytes} remain in a state that still sends them; a second CLOSE is
     * refused. Returns whether the machine heard it.
     */
    boolean close(int unsentBytes) {
        if (closePending) {
            throw new TcpException(TcpSpec.CONNECTION_CLOSING);
        }
        TcpState state = machine.state();
        if (unsentBytes > 0 && (state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED
                || state == TcpState.CLOSE_WAIT)) {
            closePending = true;
            closeIssued = true;
            return false;
        }
        fire(TcpEvent.CLOSE);
        closeIssued = true;
        return true;
    }

    /**
     * Whether the user has closed for sending, so that a close for good owes the machine no second CLOSE: Linux's
     * {@code close(2)} after {@code shutdown(SHUT_WR)} sends no second FIN and fails no call.
     */
    boolean closeIssued() {
        return closeIssued;
    }

    /** The user will not read again: from now on the classifier tells new text apart (TcpSpec's A9). */
    void closeReading() {
        readingClosed = true;
    }

    boolean readingClosed() {
        return readingClosed;
    }

    /** Fires a held CLOSE once the last byte has gone out, in {@code state}, one that takes it. */
    void closeWhenSent(TcpState state, int unsentBytes) {
        if (closePending && unsentBytes == 0 && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            closePending = false;
            fire(TcpEvent.CLOSE);
        }
    }

    /** The TCB is gone: a held CLOSE goes with it. */
    void forget() {
        closePending = false;
    }
}
