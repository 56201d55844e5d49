package io.fsmgen.web.tcp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One transition of one connection, as a {@link TcpSource} reports it to the page.
 *
 * @param id       the source's id for the connection (a table row)
 * @param side     which end of the conversation the connection is
 * @param lane     whether the machine or the kernel made it
 * @param local    the connection's local address; null when not known yet
 * @param remote   its peer's address; null for a listener, or when not known yet
 * @param from     the state left, by its RFC name
 * @param event    what moved it (a machine's event, or the kernel's tracepoint)
 * @param to       the state entered
 * @param nanos    when, on {@link System#nanoTime()}'s clock
 * @param inferred true when the runtime inferred the step rather than saw it (a handshake before {@code accept()})
 */
public record TcpTransition(long id, Side side, Lane lane, InetSocketAddress local, InetSocketAddress remote,
        String from, String event, String to, long nanos, boolean inferred) {

    public TcpTransition {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(to, "to");
    }

    /** The end of a conversation a connection is: the one that connected, the one that accepted, or a listener. */
    public enum Side {
        CLIENT,
        SERVER,
        LISTENER
    }

    /** Who made a transition. */
    public enum Lane {
        /** The connection's fsmgen machine. */
        MACHINE,
        /** The kernel, as its own transition stream reports it. */
        KERNEL
    }
}
