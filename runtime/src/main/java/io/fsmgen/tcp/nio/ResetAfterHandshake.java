package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;

/**
 * A connect whose {@code finishConnect()} failed with ECONNRESET: the kernel had finished the handshake and a RST
 * then ended the connection, both before the loop came to finish the connect. Linux's {@code tcp_reset()} chooses the
 * error by the state the RST finds: ECONNREFUSED in SYN_SENT, EPIPE in CLOSE_WAIT, ECONNRESET in every other; so
 * ECONNRESET out of a connect says the socket had left SYN_SENT. Such a RST comes, for one, from a listener whose
 * accept queue was full when our final ACK arrived under {@code net.ipv4.tcp_abort_on_overflow = 1}
 * ({@code tcp_check_req()}, its {@code listen_overflow} path): the kernel's socket went
 * {@code SYN_SENT -> ESTABLISHED -> CLOSE}, a reset received, and a machine that took the failure for a refusal or an
 * error (SYN_SENT → CLOSED) left out the ESTABLISHED the kernel passed and named the end wrongly.
 *
 * <p>What the runtime makes of it are the kernel's two changes read through {@link LinuxRfcMapping}, the one table
 * that says what a kernel change means. (A simultaneous open reset in SYN_RECV gives ECONNRESET too; its SYN_RECV
 * cannot be told from a connect's exception, and is so rare a path that ESTABLISHED, the handshake's usual end,
 * stands for both.) The connection never opened for the application: the channel was still connecting, so the
 * handler hears only {@code closed}, with {@link CloseCause#RESET}.
 */
final class ResetAfterHandshake {

    /** The kernel's changes that ECONNRESET out of a connect tells: the handshake's end, then the RST's. */
    private static final List<TcpEvent> EVENTS = List.of(
            LinuxRfcMapping.step(KernelTcpState.SYN_SENT, KernelTcpState.ESTABLISHED, false),
            LinuxRfcMapping.step(KernelTcpState.ESTABLISHED, KernelTcpState.CLOSE, true)).stream()
            .flatMap(step -> step.events().stream()).toList();

    private ResetAfterHandshake() {}

    /** Whether {@code e}, a failed connect's exception, says ECONNRESET (a refusal says ECONNREFUSED instead). */
    static boolean says(Exception e) {
        return e instanceof IOException io && !(e instanceof ConnectException) && ReadWriteFailure.reset(io);
    }

    /** The machine's events for the kernel's path, in order. */
    static TcpEvent[] events() {
        return EVENTS.toArray(TcpEvent[]::new);
    }
}
