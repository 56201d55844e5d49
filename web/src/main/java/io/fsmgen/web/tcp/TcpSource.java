package io.fsmgen.web.tcp;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a {@link TcpView} gets its connections: the NIO runtime ({@link NioTcpSource}), or anything else that
 * tracks TCP connections with machines. The view calls every method on its publisher thread; only the source's own
 * listeners run elsewhere, and they must hand transitions over without blocking.
 */
public interface TcpSource {

    /** The generated machine class whose model the diagram draws. */
    String machine();

    /** The class loader that sees {@link #machine()}'s model. */
    ClassLoader loader();

    /** One line for the page: what is watched, and how. */
    String describe();

    /** Records transitions while true; while false, listeners return at once. */
    void live(boolean live);

    /** Hands over the transitions heard since the last call, in the order they were heard. */
    void drain(Consumer<TcpTransition> into);

    /** How many transitions were dropped because the page's publisher fell behind (a full queue). */
    long lost();

    /** Visits every tracked connection's id and state: cheap, called every tick for the counts. */
    void states(StateVisitor visitor);

    /** Visits every tracked connection's full row: called a few times a second for the table. */
    void rows(Consumer<TcpRow> into);

    /** After how long in CLOSE_WAIT a connection counts as a leak; empty: never. */
    Optional<Duration> leakAfter();

    /** The kernel's view of the same connections, for the table's kernel column. */
    KernelStates kernel();

    /** Lets go of the listeners the source registered. */
    void close();

    /** The callback of {@link #states}. */
    @FunctionalInterface
    interface StateVisitor {
        void visit(long id, String state);
    }
}
