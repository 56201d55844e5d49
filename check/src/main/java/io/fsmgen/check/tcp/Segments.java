package io.fsmgen.check.tcp;

/**
 * The abstract segments of the TCP model, each packed in an {@code int} so that a channel holds them in a few bits.
 *
 * <p>Sequence numbers are abstracted to positions in each side's sequence space, which without data has two
 * octets: position 0 is the SYN, position 1 the FIN. So a segment's {@code seq} is 0, 1 or 2 (a bare ACK after the
 * FIN), and its {@code ack} says what of the peer's space it acknowledges: 1 = the peer's SYN, 2 = the peer's FIN
 * too. The ISS and IRS are both 0, the window is wider than the whole space: every segment is in the window unless it
 * lies before RCV.NXT. That is the abstraction's price: an old duplicate's numbers look like a new incarnation's, as
 * they can when sequence numbers wrap or a new ISN happens to be close, which is exactly what TIME-WAIT guards
 * against.
 *
 * <p>Layout (11 bits): SYN, ACK, FIN, RST flags; seq (2 bits); ack (2 bits); the sender's incarnation (1 bit); forged
 * by an off-path attacker (1 bit); a challenge ACK (1 bit, so that diagrams can say so).
 */
public final class Segments {

    public static final int BITS = 11;

    public static final int SYN = 1;
    public static final int ACK = 1 << 1;
    public static final int FIN = 1 << 2;
    public static final int RST = 1 << 3;
    private static final int SEQ_SHIFT = 4;
    private static final int ACK_SHIFT = 6;
    private static final int INCARNATION = 1 << 8;
    private static final int FORGED = 1 << 9;
    private static final int CHALLENGE = 1 << 10;

    private Segments() {}

    /** A segment with these flags and numbers, from incarnation {@code incarnation} (0 or 1). */
    public static int of(int flags, int seq, int ack, int incarnation) {
        if ((flags & ~(SYN | ACK | FIN | RST)) != 0 || seq < 0 || seq > 2 || ack < 0 || ack > 2 || incarnation < 0
                || incarnation > 1) {
            throw new IllegalArgumentException("not an abstract segment: flags " + flags + ", seq " + seq + ", ack "
                    + ack + ", incarnation " + incarnation);
        }
        return flags | seq << SEQ_SHIFT | ack << ACK_SHIFT | (incarnation == 1 ? INCARNATION : 0);
    }

    public static int forged(int segment) {
        return segment | FORGED;
    }

    public static int challenge(int segment) {
        return segment | CHALLENGE;
    }

    public static boolean has(int segment, int flag) {
        return (segment & flag) != 0;
    }

    public static int seq(int segment) {
        return (segment >>> SEQ_SHIFT) & 3;
    }

    public static int ack(int segment) {
        return (segment >>> ACK_SHIFT) & 3;
    }

    public static int incarnation(int segment) {
        return has(segment, INCARNATION) ? 1 : 0;
    }

    public static boolean isForged(int segment) {
        return has(segment, FORGED);
    }

    /** The sequence space it occupies: 1 for a SYN or a FIN, else 0. */
    public static int length(int segment) {
        return (has(segment, SYN) ? 1 : 0) + (has(segment, FIN) ? 1 : 0);
    }

    /** "FIN,ACK seq=1 ack=2", as the engine's trace writes flags, with what else is special about it. */
    public static String label(int segment) {
        StringBuilder text = new StringBuilder();
        String[] names = {"SYN", "FIN", "RST", "ACK"};
        int[] flags = {SYN, FIN, RST, ACK};
        for (int i = 0; i < flags.length; i++) {
            if (has(segment, flags[i])) {
                text.append(text.length() == 0 ? "" : ",").append(names[i]);
            }
        }
        text.append(" seq=").append(seq(segment));
        if (has(segment, ACK)) {
            text.append(" ack=").append(ack(segment));
        }
        if (has(segment, CHALLENGE)) {
            text.append(" (challenge)");
        }
        if (has(segment, INCARNATION)) {
            text.append(" #2");
        }
        if (has(segment, FORGED)) {
            text.append(" (forged)");
        }
        return text.toString();
    }
}
