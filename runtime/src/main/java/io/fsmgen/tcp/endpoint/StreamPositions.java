package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.Tcb;

/**
 * The send side's second set of coordinates: a sequence number's place in the byte stream from ISS on, as a 64-bit
 * position that never wraps. The SACK scoreboard and RACK-TLP's records compare ranges by plain {@code <} in these,
 * where sequence numbers would need modular comparison at every step. SND.UNA anchors the mapping.
 */
final class StreamPositions {

    private final Tcb tcb;
    /** SND.UNA's position. */
    private long una;

    StreamPositions(Tcb tcb) {
        this.tcb = tcb;
    }

    /** SND.UNA's position. */
    long una() {
        return una;
    }

    /** The position of sequence number {@code seq}, which lies within a window of SND.UNA. */
    long of(int seq) {
        return una + (seq - tcb.sndUna());
    }

    /** The sequence number at {@code position}. */
    int sequence(long position) {
        return tcb.sndUna() + (int) (position - una);
    }

    /** SND.UNA moved on by {@code bytes} of sequence space: call together with the TCB's update. */
    void advance(long bytes) {
        una += bytes;
    }
}
