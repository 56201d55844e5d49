package io.fsmgen.check;

import io.fsmgen.StateBits;

/**
 * A part of a closed system's global state: a generated machine (through {@link io.fsmgen.Capturable}), a channel, a
 * budget, or anything a model keeps. The explorer encodes every component, in order, into one bit string per global
 * state, and decodes them back before trying a move.
 *
 * <p>Encodings must be canonical and self-delimiting: two equal states encode to the same bits, and
 * {@link #decode} reads exactly what {@link #encode} wrote. Neither may allocate: they run once per move tried.
 */
public interface StateComponent {

    /** Appends this component's state. */
    void encode(StateBits out);

    /** Reads back what {@link #encode} wrote, and takes that state. */
    void decode(StateBits in);
}
