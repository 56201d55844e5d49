package io.fsmgen.tcp.engine;

/**
 * The fixed-form segments the RFC prescribes as answers, built in one place so every caller formats them alike.
 * The machine chooses when to send them; these only fill in the numbers.
 */
public final class Replies {

    private Replies() {
    }

    /**
     * The reset for a segment that arrives where no connection exists (§3.10.7.1), or that a SYN-SENT or LISTEN
     * endpoint refuses: {@code <SEQ=SEG.ACK><CTL=RST>} if the segment had ACK, else
     * {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}. Check {@link #shouldAnswerWithReset} first: an arriving RST
     * gets no answer.
     */
    public static Segment resetFor(Segment arriving) {
        Segment.Builder reply = Segment.builder(arriving.destinationPort(), arriving.sourcePort());
        if (arriving.has(TcpFlag.ACK)) {
            return reply.seq(arriving.ack()).flags(TcpFlags.RST).build();
        }
        return reply.seq(0).ack(arriving.seq() + arriving.sequenceLength()).flags(TcpFlags.RST_ACK).build();
    }

    /** A RST must never be answered with a RST (§3.10.7.1), or two endpoints could reset each other forever. */
    public static boolean shouldAnswerWithReset(Segment arriving) {
        return !arriving.has(TcpFlag.RST);
    }

    /**
     * {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}: the answer to an unacceptable segment, and the challenge ACK of
     * RFC 5961.
     */
    public static Segment ack(int localPort, int remotePort, Tcb tcb) {
        return Segment.builder(localPort, remotePort).seq(tcb.sndNxt()).ack(tcb.rcvNxt()).flags(TcpFlags.ACK)
                .window(tcb.windowField(false)).build();
    }

    /** {@code <SEQ=SND.NXT><CTL=RST>}: what ABORT sends in a synchronized state (§3.10.5). */
    public static Segment abortReset(int localPort, int remotePort, Tcb tcb) {
        return Segment.builder(localPort, remotePort).seq(tcb.sndNxt()).flags(TcpFlags.RST).build();
    }
}
