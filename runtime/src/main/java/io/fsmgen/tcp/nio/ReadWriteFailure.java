package io.fsmgen.tcp.nio;

import java.io.IOException;

/**
 * What a failed read or write of a connected socket says: the peer's RST (ECONNRESET, or EPIPE once that was reported),
 * or the kernel giving up (ETIMEDOUT), or anything else. The JDK gives no errno: a read that meets a RST throws its own
 * English "Connection reset", but a write throws {@code strerror}'s text in the process's language, so the texts are
 * the ones this JVM gives ({@link ErrnoTexts}), not the English words, which a German-speaking JVM ("Die Verbindung
 * wurde vom Kommunikationspartner zurückgesetzt") took for an unknown error and aborted.
 */
final class ReadWriteFailure {

    /** The JDK's own text for a read that met ECONNRESET or EPIPE, in every language. */
    static final String JDK_RESET = "Connection reset";

    private ReadWriteFailure() {}

    /** Whether {@code e} says the peer reset the connection. */
    static boolean reset(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains(JDK_RESET) || m.contains(ErrnoTexts.RESET_IN_ENGLISH)
                || m.contains(ErrnoTexts.BROKEN_PIPE_IN_ENGLISH) || m.contains(ErrnoTexts.brokenPipe())
                || ErrnoTexts.reset().stream().anyMatch(m::contains);
    }

    /** Whether {@code e} says the kernel gave up on the connection (retransmissions or keepalives unanswered). */
    static boolean timedOut(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains(ErrnoTexts.TIMED_OUT_IN_ENGLISH) || ErrnoTexts.timedOut().stream().anyMatch(m::contains);
    }
}
