package io.fsmgen.check.tcp;

import java.util.Objects;

/**
 * The bounds and the environment of one TCP model: which machine is at each end, how the users open and close, and
 * what the network and an attacker may do.
 *
 * @param client the machine of the side drawn on the left (the one that connects, with
 *     {@link Opening#LISTENING_SERVER})
 * @param server the machine of the side drawn on the right
 * @param opening how the connection is opened
 * @param close whether each user closes once its connection is established (ESTABLISHED or CLOSE_WAIT), in any order
 * @param clientClosesFirst whether the server's user closes only after the client's FIN arrived (CLOSE_WAIT), so that
 *     the client is always the side that closes first and goes through TIME-WAIT
 * @param abort whether each user may abort at any time after opening
 * @param inFlight at most this many segments in flight per direction
 * @param reorder whether the network may deliver the segments in flight in any order (else FIFO)
 * @param losses how many segments the network may lose, in all
 * @param duplications how many segments the network may duplicate, in all
 * @param forgedSyns how many SYNs an off-path attacker may inject (in the receiver's window: the worst case)
 * @param forgedRsts how many RSTs an off-path attacker may inject (at exactly RCV.NXT: the worst case)
 * @param incarnations 1, or 2 to let each user open the connection again once it is CLOSED (same addresses and
 *     ports: a new incarnation that old duplicates may reach)
 * @param eagerRetransmission whether a retransmission timer may expire while the segment or its acknowledgment is
 *     still in flight; by default it expires only after a round trip (RTO greater than the round-trip time), since
 *     early copies are what {@code duplications} already covers
 */
public record TcpModelConfig(TcpVariant client, TcpVariant server, Opening opening, boolean close,
        boolean clientClosesFirst, boolean abort,
        int inFlight, boolean reorder, int losses, int duplications, int forgedSyns, int forgedRsts, int incarnations,
        boolean eagerRetransmission) {

    /** How the users open the connection. */
    public enum Opening {
        /** The server is LISTENing from the start; the client opens actively at any moment. */
        LISTENING_SERVER,
        /**
         * Every order of active and passive opens in which someone connects: each user opens once, actively or
         * passively (not both passively), at any moment, and the two may open actively at once (simultaneous open).
         */
        ANY_ORDER
    }

    public TcpModelConfig {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(opening, "opening");
        if (inFlight < 1 || inFlight > 8) {
            throw new IllegalArgumentException("inFlight must be 1 to 8, not " + inFlight);
        }
        if (losses < 0 || duplications < 0 || forgedSyns < 0 || forgedRsts < 0) {
            throw new IllegalArgumentException("budgets cannot be negative");
        }
        if (incarnations < 1 || incarnations > 2) {
            throw new IllegalArgumentException("incarnations must be 1 or 2, not " + incarnations);
        }
    }

    /**
     * RFC 9293 at both ends, the server listening, both users closing, FIFO, one segment in flight per direction, a
     * perfect network and no attacker.
     */
    public static TcpModelConfig defaults() {
        return new TcpModelConfig(TcpVariant.RFC_9293, TcpVariant.RFC_9293, Opening.LISTENING_SERVER, true, false,
                false, 1, false, 0, 0, 0, 0, 1, false);
    }

    public TcpModelConfig machines(TcpVariant both) {
        return new TcpModelConfig(both, both, opening, close, clientClosesFirst, abort, inFlight, reorder, losses,
                duplications, forgedSyns, forgedRsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig opening(Opening how) {
        return new TcpModelConfig(client, server, how, close, clientClosesFirst, abort, inFlight, reorder, losses,
                duplications, forgedSyns, forgedRsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig closing(boolean users) {
        return new TcpModelConfig(client, server, opening, users, clientClosesFirst, abort, inFlight, reorder,
                losses,
                duplications, forgedSyns, forgedRsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig clientClosingFirst(boolean first) {
        return new TcpModelConfig(client, server, opening, close, first, abort, inFlight, reorder, losses,
                duplications, forgedSyns, forgedRsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig aborting(boolean users) {
        return new TcpModelConfig(client, server, opening, close, clientClosesFirst, users, inFlight, reorder, losses,
                duplications, forgedSyns, forgedRsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig network(int segmentsInFlight, boolean reordering, int lost, int duplicated) {
        return new TcpModelConfig(client, server, opening, close, clientClosesFirst, abort, segmentsInFlight,
                reordering, lost, duplicated, forgedSyns, forgedRsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig attacker(int syns, int rsts) {
        return new TcpModelConfig(client, server, opening, close, clientClosesFirst, abort, inFlight, reorder, losses,
                duplications, syns, rsts, incarnations, eagerRetransmission);
    }

    public TcpModelConfig incarnations(int count) {
        return new TcpModelConfig(client, server, opening, close, clientClosesFirst, abort, inFlight, reorder, losses,
                duplications, forgedSyns, forgedRsts, count, eagerRetransmission);
    }

    public TcpModelConfig eagerRetransmission(boolean eager) {
        return new TcpModelConfig(client, server, opening, close, clientClosesFirst, abort, inFlight, reorder, losses,
                duplications, forgedSyns, forgedRsts, incarnations, eager);
    }

    /** One line: "RFC 9293 at both ends, server listening, close, 2 in flight FIFO, 1 loss, 1 duplication". */
    public String describe() {
        StringBuilder text = new StringBuilder(client.equals(server) ? client.name() + " at both ends"
                : client.name() + " / " + server.name());
        text.append(opening == Opening.LISTENING_SERVER ? ", server listening" : ", opens in any order");
        text.append(close ? (clientClosesFirst ? ", both close, client first" : ", both close") : "")
                .append(abort ? ", aborts" : "");
        text.append(", ").append(inFlight).append(" in flight ").append(reorder ? "reordered" : "FIFO");
        text.append(", ").append(losses).append(losses == 1 ? " loss" : " losses");
        text.append(", ").append(duplications).append(duplications == 1 ? " duplication" : " duplications");
        if (forgedSyns + forgedRsts > 0) {
            text.append(", attacker: ").append(forgedSyns).append(" SYN, ").append(forgedRsts).append(" RST");
        }
        if (incarnations > 1) {
            text.append(", reopened once");
        }
        return text.toString();
    }
}
