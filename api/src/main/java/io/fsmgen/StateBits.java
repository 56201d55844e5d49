package io.fsmgen;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reusable string of bits that machines {@link Capturable#encode encode} their state into and
 * {@link Capturable#decode decode} it from: values of a declared width are appended at the end and read from a
 * cursor, least significant bit first, packed into {@code long} words. Once its words have grown to the size a
 * state needs, writing and reading allocate nothing, which is what lets an explorer capture millions of states.
 *
 * <p>Not thread-safe. Reading past what was written throws {@link IllegalArgumentException} ("ended early"), so a
 * truncated snapshot is reported rather than read as zeros.
 */
public final class StateBits {

    private long[] words;
    private int length;
    private int position;

    /** An empty buffer. */
    public StateBits() {
        this(2);
    }

    /** An empty buffer with room for {@code words * 64} bits before it grows. */
    public StateBits(int words) {
        if (words < 1) {
            throw new IllegalArgumentException("capacity must be at least one word: " + words);
        }
        this.words = new long[words];
    }

    /** Empties the buffer and moves the read cursor to the start. */
    public void clear() {
        Arrays.fill(words, 0, wordCount(), 0L);
        length = 0;
        position = 0;
    }

    /** Moves the read cursor back to the first bit. */
    public void rewind() {
        position = 0;
    }

    /**
     * Appends the low {@code width} bits of {@code value}.
     *
     * @param width 0 to 64
     * @throws IllegalArgumentException when {@code value} does not fit in {@code width} bits (read as unsigned)
     */
    public void write(long value, int width) {
        if (width < 0 || width > 64) {
            throw new IllegalArgumentException("width must be 0 to 64 bits: " + width);
        }
        if (width < 64 && (value >>> width) != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " bits");
        }
        if (width == 0) {
            return;
        }
        int end = length + width;
        if (end > words.length * 64) {
            words = Arrays.copyOf(words, Math.max(words.length * 2, (end + 63) >>> 6));
        }
        int word = length >>> 6;
        int offset = length & 63;
        words[word] |= value << offset;
        if (offset + width > 64) {
            words[word + 1] |= value >>> (64 - offset);
        }
        length = end;
    }

    /** Appends one bit: 1 for true. */
    public void writeBoolean(boolean value) {
        write(value ? 1L : 0L, 1);
    }

    /**
     * Reads the next {@code width} bits as an unsigned value and moves the cursor past them.
     *
     * @throws IllegalArgumentException when fewer than {@code width} bits are left
     */
    public long read(int width) {
        if (width < 0 || width > 64) {
            throw new IllegalArgumentException("width must be 0 to 64 bits: " + width);
        }
        if (width == 0) {
            return 0L;
        }
        if (position + width > length) {
            throw new IllegalArgumentException("the encoded state ended early: " + width + " more bits needed at bit "
                    + position + " of " + length);
        }
        int word = position >>> 6;
        int offset = position & 63;
        long value = words[word] >>> offset;
        if (offset + width > 64) {
            value |= words[word + 1] << (64 - offset);
        }
        position += width;
        return width == 64 ? value : value & ((1L << width) - 1);
    }

    /** Reads one bit as a boolean. */
    public boolean readBoolean() {
        return read(1) != 0;
    }

    /** The number of bits written. */
    public int length() {
        return length;
    }

    /** The read cursor: the number of bits read since the last {@link #rewind} or {@link #clear}. */
    public int position() {
        return position;
    }

    /** Bits written and not yet read. */
    public int remaining() {
        return length - position;
    }

    /** The number of words the written bits occupy. */
    public int wordCount() {
        return (length + 63) >>> 6;
    }

    /** Word {@code index} of the written bits; bits past {@link #length()} are zero. */
    public long word(int index) {
        Objects.checkIndex(index, wordCount());
        return words[index];
    }

    /** Copies the {@link #wordCount()} written words into {@code target} from {@code offset}. */
    public void copyTo(long[] target, int offset) {
        System.arraycopy(words, 0, target, offset, wordCount());
    }

    /**
     * Replaces the content with {@code bits} bits taken from {@code source}, starting at word {@code offset}, and
     * moves the cursor to the start: how an explorer turns a stored state back into something to decode.
     *
     * @throws IllegalArgumentException when bits past {@code bits} in the last word are set (nothing changes then)
     */
    public void load(long[] source, int offset, int bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("negative length: " + bits);
        }
        int count = (bits + 63) >>> 6;
        Objects.checkFromIndexSize(offset, count, source.length);
        if ((bits & 63) != 0 && (source[offset + count - 1] >>> (bits & 63)) != 0) {
            throw new IllegalArgumentException("bits set past the declared length of " + bits + " bits");
        }
        if (count > words.length) {
            words = new long[Math.max(words.length * 2, count)];
        } else if (wordCount() > count) {
            Arrays.fill(words, count, wordCount(), 0L); // keeps every bit past the length zero
        }
        System.arraycopy(source, offset, words, 0, count);
        length = bits;
        position = 0;
    }

    /** The written words, as a new array. */
    public long[] toWords() {
        return Arrays.copyOf(words, wordCount());
    }

    /** True when both hold the same bits (read cursors aside). */
    public boolean contentEquals(StateBits other) {
        if (length != other.length) {
            return false;
        }
        for (int i = 0; i < wordCount(); i++) {
            if (words[i] != other.words[i]) {
                return false;
            }
        }
        return true;
    }

    /** The bits, most significant word first, in hex: for messages and tests. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(length).append(" bits");
        for (int i = wordCount() - 1; i >= 0; i--) {
            text.append(i == wordCount() - 1 ? ": " : " ").append(String.format("%016x", words[i]));
        }
        return text.toString();
    }
}
