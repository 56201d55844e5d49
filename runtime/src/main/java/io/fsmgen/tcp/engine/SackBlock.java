package io.fsmgen.tcp.engine;

/**
 * One block of a SACK option (RFC 2018 §3): the receiver holds the bytes from {@code left} up to, not including,
 * {@code right}. Raw 32-bit sequence numbers, like {@link Segment}'s.
 *
 * @param left  the first sequence number of the block
 * @param right the sequence number just past the block
 */
public record SackBlock(int left, int right) {

    /** The bytes the block covers, 0 to 2^32 - 1 (a peer may send nonsense; users check before trusting it). */
    public long length() {
        return SeqNum.distance(left, right);
    }

    /** tcpdump's form, {@code {1001:2001}}. */
    @Override
    public String toString() {
        return "{" + Integer.toUnsignedString(left) + ":" + Integer.toUnsignedString(right) + "}";
    }
}
