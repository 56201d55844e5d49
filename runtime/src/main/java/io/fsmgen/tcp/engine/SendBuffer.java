package io.fsmgen.tcp.engine;

/**
 * The send side's data: a bounded ring holding the bytes from SND.UNA onwards, the first {@link #inFlightBytes()}
 * of them sent and unacknowledged, the rest waiting for window. Keeping sent bytes until they are acknowledged is
 * what makes retransmission possible; bounding the ring is what pushes back on an application that writes faster
 * than the peer reads.
 *
 * <p>Segments do not copy what they send: {@link #takeNext} and {@link #peekInFlight} hand out slices borrowed from
 * the ring ({@link ByteSlice}), valid until the bytes are acknowledged, which the endpoint encodes before it handles
 * anything else. The application's bytes are copied once, into the ring, and once more where the carrier puts them.
 *
 * <p>It counts bytes, not sequence numbers: SYN and FIN occupy sequence space but no buffer, so the caller converts
 * (bytes acknowledged = SEG.ACK - SND.UNA, less one for an acknowledged SYN or FIN).
 */
public final class SendBuffer {

    private final byte[] ring;
    private int head;
    private int size;
    private int inFlight;

    public SendBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ring = new byte[capacity];
    }

    /** Queues as much of {@code data} as fits and returns how much that was; 0 when full. Never blocks or throws. */
    public int write(byte[] data) {
        return write(data, 0, data.length);
    }

    /** Queues as much of {@code data[offset, offset + length)} as fits; returns the count, 0 for a bad range. */
    public int write(byte[] data, int offset, int length) {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return 0;
        }
        int count = Math.min(length, free());
        int tail = index(size);
        int first = Math.min(count, ring.length - tail);
        System.arraycopy(data, offset, ring, tail, first);
        System.arraycopy(data, offset + first, ring, 0, count - first);
        size += count;
        return count;
    }

    /**
     * Takes up to {@code max} unsent bytes for a new segment and counts them as in flight. The caller passes the
     * least of the MSS and the usable window.
     */
    public ByteSlice takeNext(int max) {
        int count = Math.min(Math.max(max, 0), unsentBytes());
        ByteSlice out = slice(inFlight, count);
        inFlight += count;
        return out;
    }

    /** Up to {@code max} bytes from SND.UNA, for retransmitting the head of the queue; nothing changes. */
    public ByteSlice peekInFlight(int max) {
        return peekInFlight(0, max);
    }

    /** Up to {@code max} sent bytes from {@code offset} bytes past SND.UNA, for resending them; nothing changes. */
    public ByteSlice peekInFlight(int offset, int max) {
        int from = Math.min(Math.max(offset, 0), inFlight);
        return slice(from, Math.min(Math.max(max, 0), inFlight - from));
    }

    /** Drops up to {@code bytes} acknowledged bytes from the head; returns how many were dropped. */
    public int acknowledge(long bytes) {
        int count = (int) Math.min(Math.max(bytes, 0), inFlight);
        head = index(count);
        size -= count;
        inFlight -= count;
        return count;
    }

    /** Marks everything in flight as unsent again, so that after a timeout it is sent anew (go-back-N). */
    public void rewind() {
        inFlight = 0;
    }

    public int capacity() {
        return ring.length;
    }

    public int free() {
        return ring.length - size;
    }

    public int inFlightBytes() {
        return inFlight;
    }

    public int unsentBytes() {
        return size - inFlight;
    }

    /** Whether nothing is queued or in flight: the moment a pending CLOSE may send its FIN. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** {@code count} bytes from {@code from} bytes past the head, borrowed: valid until they are acknowledged. */
    private ByteSlice slice(int from, int count) {
        return count == 0 ? ByteSlice.EMPTY : ByteSlice.borrowRing(ring, index(from), count);
    }

    /** The ring index {@code offset} bytes past the head. */
    private int index(int offset) {
        int at = head + offset;
        return at < ring.length ? at : at - ring.length;
    }
}
