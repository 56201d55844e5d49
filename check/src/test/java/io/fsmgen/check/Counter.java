package io.fsmgen.check;

import io.fsmgen.StateBits;

/** A bounded counter, the smallest component there is: for toy systems whose state counts are known by heart. */
class Counter implements StateComponent {
    final int max;
    final int bits;
    int value;

    Counter(int max) {
        this.max = max;
        this.bits = 32 - Integer.numberOfLeadingZeros(max);
    }

    @Override
    public void encode(StateBits out) {
        out.write(value, bits);
    }

    @Override
    public void decode(StateBits in) {
        value = (int) in.read(bits);
    }
}
