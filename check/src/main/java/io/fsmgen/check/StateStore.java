package io.fsmgen.check;

import io.fsmgen.StateBits;
import java.util.Arrays;

/**
 * The explorer's visited set: every global state found, its encoding packed into one {@code long} arena, an
 * open-addressing hash table of state numbers over it, and for each state the state it was first reached from and by
 * which move, so that a path back to the initial state (a shortest one, since the search is breadth-first) costs no
 * search.
 *
 * <p>Per state it keeps the encoding's words, 4 bytes of offset, 4 of parent, 2 of move and about 6 of hash table
 * (load at most 2/3). A table entry holds the state number and, in its top bits, five more bits of the state's hash,
 * so that a probe reads the arena (a likely cache miss) only when those agree too: that halved the search's time.
 * Every growth is checked against a memory bound first ({@link MemoryBound}); when the bound would be crossed,
 * {@link #add} says so instead of allocating, and the explorer stops with a message.
 */
final class StateStore {

    static final int NONE = -1;
    /** The most states a store holds: state numbers take 26 bits of a table entry, the hash tag the rest. */
    static final int MAX_STATES = (1 << 26) - 2;

    private static final int ID_BITS = 26;
    private static final int ID_MASK = (1 << ID_BITS) - 1;
    private static final int EMPTY = 0;

    private final MemoryBound memory;
    private long[] arena = new long[1 << 12];
    private int arenaUsed;
    private int[] offsets = new int[1 << 10];
    private int[] parents = new int[1 << 10];
    private short[] movesTaken = new short[1 << 10];
    private int[] table = new int[1 << 11];
    private int count;

    StateStore(MemoryBound memory) {
        this.memory = memory;
    }

    int count() {
        return count;
    }

    /** Bytes held by the store's arrays. */
    long bytes() {
        return (long) arena.length * 8 + (long) offsets.length * 4 + (long) parents.length * 4
                + (long) movesTaken.length * 2 + (long) table.length * 4;
    }

    /** Bytes of the arrays' used parts: what the states take, without room kept for growth. */
    long usedBytes() {
        return (long) arenaUsed * 8 + (long) count * (4 + 4 + 2) + (long) count * 4 * 3 / 2;
    }

    /** The state number of {@code bits} if stored, else {@link #NONE}. */
    int find(StateBits bits) {
        int words = bits.wordCount();
        int hash = hash(bits, words);
        int tag = tag(hash);
        int mask = table.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == EMPTY) {
                return NONE;
            }
            if ((entry & ~ID_MASK) == tag && same((entry & ID_MASK) - 1, bits, words)) {
                return (entry & ID_MASK) - 1;
            }
        }
    }

    /**
     * Stores {@code bits}, reached from {@code parent} by {@code move}, unless present.
     *
     * @return the new state's number (equal to the count before the call), the existing number as
     *     {@code -2 - id}, or {@link #NONE} when storing it would cross the memory bound
     */
    int add(StateBits bits, int parent, int move) {
        int words = bits.wordCount();
        int hash = hash(bits, words);
        int tag = tag(hash);
        int mask = table.length - 1;
        int slot = hash & mask;
        for (; ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == EMPTY) {
                break;
            }
            if ((entry & ~ID_MASK) == tag && same((entry & ID_MASK) - 1, bits, words)) {
                return -2 - ((entry & ID_MASK) - 1);
            }
        }
        if (count >= MAX_STATES || !ensureRoom(words)) {
            return NONE;
        }
        if (count + 1 > table.length / 3 * 2) {
            rehash();
            mask = table.length - 1;
            for (slot = hash & mask; table[slot] != EMPTY; slot = (slot + 1) & mask) {
                // find the free slot in the larger table
            }
        }
        int id = count++;
        bits.copyTo(arena, arenaUsed);
        arenaUsed += words;
        offsets[id + 1] = arenaUsed;
        parents[id] = parent;
        movesTaken[id] = (short) move;
        table[slot] = tag | (id + 1);
        return id;
    }

    /** Loads state {@code id} into {@code bits} for decoding. */
    void load(int id, StateBits bits) {
        int from = offsets[id];
        bits.load(arena, from, (offsets[id + 1] - from) * 64);
    }

    int parent(int id) {
        return parents[id];
    }

    int move(int id) {
        return movesTaken[id];
    }

    private boolean same(int id, StateBits bits, int words) {
        int from = offsets[id];
        if (offsets[id + 1] - from != words) {
            return false;
        }
        for (int i = 0; i < words; i++) {
            if (arena[from + i] != bits.word(i)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(StateBits bits, int words) {
        long h = start(words);
        for (int i = 0; i < words; i++) {
            h = mix(h, bits.word(i));
        }
        return finish(h);
    }

    private static long start(int words) {
        return 0x9E3779B97F4A7C15L * (words + 1);
    }

    private static long mix(long h, long word) {
        long x = (h ^ word) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }

    private static int finish(long h) {
        return (int) (h ^ (h >>> 32));
    }

    /** The hash's top bits, where a table entry keeps them above the state number. */
    private static int tag(int hash) {
        return hash & ~ID_MASK;
    }

    private boolean ensureRoom(int words) {
        if (arenaUsed + words > arena.length) {
            long grown = Math.max((long) arena.length * 2, arenaUsed + (long) words);
            if (grown > Integer.MAX_VALUE - 8 || !memory.allows(bytes(), (grown - arena.length) * 8)) {
                return false;
            }
            arena = Arrays.copyOf(arena, (int) grown);
        }
        if (count + 2 > offsets.length) {
            long grown = (long) offsets.length * 2;
            long more = (grown - offsets.length) * (4 + 4 + 2);
            if (grown > Integer.MAX_VALUE - 8 || !memory.allows(bytes(), more)) {
                return false;
            }
            offsets = Arrays.copyOf(offsets, (int) grown);
            parents = Arrays.copyOf(parents, (int) grown);
            movesTaken = Arrays.copyOf(movesTaken, (int) grown);
        }
        if (count + 1 > table.length / 3 * 2
                && (table.length > (1 << 29) || !memory.allows(bytes(), (long) table.length * 4 * 2))) {
            return false;
        }
        return true;
    }

    private void rehash() {
        int[] old = table;
        table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int entry : old) {
            if (entry == EMPTY) {
                continue;
            }
            int id = (entry & ID_MASK) - 1;
            int from = offsets[id];
            long h = start(offsets[id + 1] - from);
            for (int i = from; i < offsets[id + 1]; i++) {
                h = mix(h, arena[i]);
            }
            int slot = finish(h) & mask;
            while (table[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry;
        }
    }
}
