package io.fsmgen.tcp.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A segment's text as a window on bytes held elsewhere: a range of an array, or of a ring that may wrap around the
 * array's end. It is how text travels from the {@link SendBuffer} to the carrier's write buffer, and from the
 * carrier's read buffer to the {@link ReceiveBuffer}, without a copy at every hand-over: the one copy is made where
 * the bytes arrive ({@link #copyTo}).
 *
 * <p>A slice is either <em>owned</em> (over a private copy nobody changes: immutable, safe to keep) or
 * <em>borrowed</em> (over the bytes of a buffer that will change them later: the send buffer once they are
 * acknowledged, a read buffer at the next read). A borrowed slice is valid only until its owner moves on, so whoever
 * keeps one beyond the call that handed it over takes an owned copy first ({@link #owned()}). The endpoint never keeps
 * one: an outgoing segment is encoded, and an arriving one taken, before the call that made it returns.
 */
public final class ByteSlice {

    /** No bytes. */
    public static final ByteSlice EMPTY = new ByteSlice(new byte[0], 0, 0, false);

    private final byte[] array;
    private final int start;
    private final int length;
    private final boolean borrowed;

    private ByteSlice(byte[] array, int start, int length, boolean borrowed) {
        this.array = array;
        this.start = start;
        this.length = length;
        this.borrowed = borrowed;
    }

    /** An owned slice over a copy of {@code bytes}. */
    public static ByteSlice copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new ByteSlice(bytes.clone(), 0, bytes.length, false);
    }

    /** An owned slice over a copy of {@code bytes[offset, offset + length)}. */
    public static ByteSlice copyOf(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new ByteSlice(Arrays.copyOfRange(bytes, offset, offset + length), 0, length, false);
    }

    /** A borrowed slice over {@code bytes[offset, offset + length)}. */
    public static ByteSlice borrow(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteSlice(bytes, offset, length, true);
    }

    /**
     * A borrowed slice of {@code length} bytes of the ring {@code ring}, from index {@code start} on, continuing at
     * index 0 past the end.
     */
    public static ByteSlice borrowRing(byte[] ring, int start, int length) {
        Objects.checkIndex(start, Math.max(ring.length, 1));
        if (length < 0 || length > ring.length) {
            throw new IndexOutOfBoundsException("a ring of " + ring.length + " bytes has no " + length + "-byte slice");
        }
        return new ByteSlice(ring, start, length, true);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Whether the bytes belong to a buffer that will change them: see the class comment. */
    public boolean isBorrowed() {
        return borrowed;
    }

    /** The byte at {@code index}, 0 to {@code length() - 1}. */
    public byte get(int index) {
        Objects.checkIndex(index, length);
        int at = start + index;
        return array[at < array.length ? at : at - array.length];
    }

    /** Copies the bytes to {@code destination[at, at + length())}, in at most two block copies. */
    public void copyTo(byte[] destination, int at) {
        copyTo(0, destination, at, length);
    }

    /** Copies {@code count} bytes from {@code from} on to {@code destination[at, at + count)}. */
    public void copyTo(int from, byte[] destination, int at, int count) {
        Objects.checkFromIndexSize(from, count, length);
        int first = start + from;
        if (first >= array.length) {
            first -= array.length;
        }
        int head = Math.min(count, array.length - first);
        System.arraycopy(array, first, destination, at, head);
        if (head < count) {
            System.arraycopy(array, 0, destination, at + head, count - head);
        }
    }

    /** The bytes {@code [from, from + count)} of this slice, borrowed or owned as this one is. */
    public ByteSlice slice(int from, int count) {
        Objects.checkFromIndexSize(from, count, length);
        int first = start + from;
        return new ByteSlice(array, first < array.length || array.length == 0 ? first : first - array.length, count,
                borrowed);
    }

    /** A read-only view of the bytes; a copy only when they wrap around a ring. */
    public ByteBuffer asReadOnlyBuffer() {
        if (start + length <= array.length) {
            return ByteBuffer.wrap(array, start, length).slice().asReadOnlyBuffer();
        }
        return ByteBuffer.wrap(toArray()).asReadOnlyBuffer();
    }

    /** A new array holding the bytes. */
    public byte[] toArray() {
        byte[] out = new byte[length];
        copyTo(out, 0);
        return out;
    }

    /** This slice if owned, else an owned copy: what to keep beyond the call that handed a borrowed one over. */
    public ByteSlice owned() {
        return borrowed ? (length == 0 ? EMPTY : new ByteSlice(toArray(), 0, length, false)) : this;
    }

    /** Whether both hold the same bytes, owned or borrowed. */
    public boolean contentEquals(ByteSlice other) {
        if (other.length != length) {
            return false;
        }
        if (start + length <= array.length && other.start + length <= other.array.length) {
            return Arrays.equals(array, start, start + length, other.array, other.start, other.start + length);
        }
        for (int i = 0; i < length; i++) {
            if (get(i) != other.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The hash of the bytes, as {@link Arrays#hashCode(byte[])} gives it for {@link #toArray()}. */
    public int contentHash() {
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + get(i);
        }
        return hash;
    }

    @Override
    public String toString() {
        return (borrowed ? "borrowed " : "") + length + " bytes";
    }
}
