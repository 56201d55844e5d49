package io.fsmgen.check;

import io.fsmgen.StateBits;

/**
 * How many times something may still happen: losses, duplications, an attacker's injections. Bounding the
 * adversary this way keeps the state space finite, and "at most one loss" is where most protocol bugs already show.
 */
public final class Budget implements StateComponent {

    private final String name;
    private final int limit;
    private final int bits;
    private int used;

    public Budget(String name, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException(name + ": a budget cannot be negative: " + limit);
        }
        this.name = name;
        this.limit = limit;
        this.bits = 32 - Integer.numberOfLeadingZeros(limit);
    }

    public String name() {
        return name;
    }

    public int limit() {
        return limit;
    }

    public boolean available() {
        return used < limit;
    }

    /** Uses one; the caller checked {@link #available()}. */
    public void spend() {
        if (used == limit) {
            throw new IllegalStateException(name + ": budget of " + limit + " already spent");
        }
        used++;
    }

    public int used() {
        return used;
    }

    @Override
    public void encode(StateBits out) {
        out.write(used, bits);
    }

    @Override
    public void decode(StateBits in) {
        used = (int) in.read(bits);
    }

    @Override
    public String toString() {
        return name + " " + used + "/" + limit;
    }
}
