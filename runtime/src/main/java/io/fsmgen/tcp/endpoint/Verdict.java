package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.engine.Segment;
import java.util.Objects;

/**
 * What the {@link SegmentClassifier} makes of an arriving segment. Only {@link Deliver} reaches the machine; the
 * other two are the RFC's answers to segments that fail the acceptability tests, which by §3.10.7.4 change no state,
 * so the machine has nothing to decide about them.
 */
public sealed interface Verdict {

    /** Why, for the trace. */
    String reason();

    /**
     * Hand {@code event} to the machine.
     *
     * @param finInOrder the segment's FIN is the next octet after its text, so the receive side may take it: false for
     *                   a FIN that arrives ahead of missing data (it waits for the peer to retransmit it) and for a
     *                   retransmitted FIN already held
     */
    record Deliver(TcpEvent event, boolean finInOrder, String reason) implements Verdict {
        public Deliver {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Unacceptable: send {@code reply} (an ACK or a RST) and drop the segment.
     *
     * @param challenge the reply is an RFC 5961 challenge ACK, which the endpoint rate-limits (§7)
     */
    record Reply(Segment reply, boolean challenge, String reason) implements Verdict {
        public Reply {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Unacceptable and unanswered (an out-of-window RST, a segment without ACK): drop it silently. */
    record Drop(String reason) implements Verdict {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
