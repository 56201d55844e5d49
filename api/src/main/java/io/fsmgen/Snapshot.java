package io.fsmgen;

import java.util.Arrays;
import java.util.Objects;

/**
 * A generated machine's whole state as a small value to store: which machine took it, the layout it was taken with,
 * and the bits of {@link Capturable#encode}. A TCP connection's is three longs ({@link #toLongs()}).
 *
 * <p>{@link Capturable#restore(Snapshot)} rejects a snapshot of another machine, or one taken with another layout:
 * the layout is a fingerprint, computed at build time, of everything the encoding depends on (the states, the
 * timeouts, the {@link ExtendedState} fields with their types, ranges and enum constants). Ordinals are only
 * meaningful for the enums they were taken with, so a snapshot does not survive a change of any of these; migrate
 * stored snapshots by restoring them with the old machine and re-creating the state in the new one.
 *
 * @see Capturable
 */
public final class Snapshot {

    private final int machine;
    private final int layout;
    private final int bitLength;
    private final long[] words;

    private Snapshot(int machine, int layout, int bitLength, long[] words) {
        this.machine = machine;
        this.layout = layout;
        this.bitLength = bitLength;
        this.words = words;
    }

    /** A snapshot of the bits in {@code bits}, taken by the machine with id {@code machine} and layout {@code layout}. */
    public static Snapshot of(int machine, int layout, StateBits bits) {
        return new Snapshot(machine, layout, bits.length(), bits.toWords());
    }

    /**
     * Reads a snapshot stored with {@link #toLongs()}.
     *
     * @throws IllegalArgumentException when the array is not one: too short, or its length disagrees with the bit
     *     count it records
     */
    public static Snapshot fromLongs(long... stored) {
        Objects.requireNonNull(stored, "stored");
        if (stored.length < 2) {
            throw new IllegalArgumentException("a stored snapshot has at least 2 longs (ids and length), not "
                    + stored.length);
        }
        long bits = stored[1];
        long expectedWords = (bits + 63) >>> 6;
        if (bits < 0 || bits > Integer.MAX_VALUE || stored.length - 2 != expectedWords) {
            throw new IllegalArgumentException("a stored snapshot of " + bits + " bits has " + expectedWords
                    + " data longs after its 2 header longs, but " + (stored.length - 2) + " were given");
        }
        long[] words = Arrays.copyOfRange(stored, 2, stored.length);
        if ((bits & 63) != 0 && (words[words.length - 1] >>> (bits & 63)) != 0) {
            throw new IllegalArgumentException("a stored snapshot of " + bits + " bits has bits set past its end");
        }
        return new Snapshot((int) (stored[0] >>> 32), (int) stored[0], (int) bits, words);
    }

    /**
     * This snapshot as longs to store: the machine and layout ids in the first, the number of bits in the second,
     * then the bits. {@link #fromLongs} reads it back.
     */
    public long[] toLongs() {
        long[] stored = new long[2 + words.length];
        stored[0] = ((long) machine << 32) | (layout & 0xFFFF_FFFFL);
        stored[1] = bitLength;
        System.arraycopy(words, 0, stored, 2, words.length);
        return stored;
    }

    /** The id of the machine that took it: the hash of its qualified class name. */
    public int machine() {
        return machine;
    }

    /** The fingerprint of the layout it was taken with. */
    public int layout() {
        return layout;
    }

    /** The number of bits of state it holds. */
    public int bitLength() {
        return bitLength;
    }

    /**
     * The bits to decode, once this snapshot is known to come from machine {@code machine} with layout
     * {@code layout}: how a generated {@code restore} validates a snapshot before reading it.
     *
     * @param machineName the restoring machine's qualified name, for the message
     * @throws IllegalArgumentException naming the mismatch
     */
    public StateBits bitsFor(int machine, int layout, String machineName) {
        if (this.machine != machine) {
            throw new IllegalArgumentException(String.format("this snapshot was taken from another machine (id %08x),"
                    + " not from %s (id %08x)", this.machine, machineName, machine));
        }
        if (this.layout != layout) {
            throw new IllegalArgumentException(String.format("this snapshot of %s was taken with another layout"
                    + " (%08x, now %08x): the machine's states, timeouts or @ExtendedState fields (their types, ranges"
                    + " or enum constants) changed since, so its ordinals no longer mean what they meant",
                    machineName, this.layout, layout));
        }
        StateBits bits = new StateBits(Math.max(1, words.length));
        bits.load(words, 0, bitLength);
        return bits;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot that && machine == that.machine && layout == that.layout
                && bitLength == that.bitLength && Arrays.equals(words, that.words);
    }

    @Override
    public int hashCode() {
        return Objects.hash(machine, layout, bitLength, Arrays.hashCode(words));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format("Snapshot[machine %08x, layout %08x, %d bits",
                machine, layout, bitLength));
        for (int i = words.length - 1; i >= 0; i--) {
            text.append(i == words.length - 1 ? ": " : " ").append(String.format("%016x", words[i]));
        }
        return text.append(']').toString();
    }
}
