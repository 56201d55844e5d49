package io.fsmgen.tcp.endpoint;

/**
 * The SEND under way (RFC 9293 §3.10.2): the caller's bytes, from the call until the machine's DATA action (T40, T62)
 * or the rows that hold a SEND until ESTABLISHED (T25, T38) put them in the send queue, and how many it took. A SEND
 * is a machine event, so the bytes wait here while the machine decides; the caller's array is never kept past the
 * call.
 */
final class PendingSend {

    private final SendQueue queue;
    private byte[] data;
    private int offset;
    private int length;
    private boolean urgent;
    private int written;

    PendingSend(SendQueue queue) {
        this.queue = queue;
    }

    /** A SEND of {@code data[offset, offset + length)} begins; urgent with the call's URGENT flag. */
    void begin(byte[] data, int offset, int length, boolean urgent) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.urgent = urgent;
        this.written = 0;
    }

    /**
     * Queues the SEND's bytes, as many as the send buffer takes, if a SEND is under way and has not been queued yet.
     * With URGENT, the urgent pointer moves to the octet after the last byte queued (§3.8.5, MUST-30).
     */
    void queue() {
        if (data != null) {
            written = queue.write(data, offset, length);
            if (urgent && written > 0) {
                queue.urgentUpToQueued();
            }
            data = null;
        }
    }

    /** The SEND is over, queued or refused: forgets the caller's array and answers how many bytes were queued. */
    int end() {
        data = null;
        return written;
    }
}
