package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;

/**
 * A runtime's way of learning the transitions socket calls cannot see (see {@link TransitionSource}). Called on a
 * connection's loop; implementations post what they learn back to that loop.
 */
interface HiddenTransitions extends AutoCloseable {

    /** The source in use (never {@link TransitionSource#AUTO}). */
    TransitionSource source();

    /** Why this source: what was chosen, and what was not available. */
    String reason();

    /** {@code c} is connected or accepted, so it knows its 4-tuple: from now on its socket can be followed. */
    default void follow(NioTcpConnection c) {}

    /** {@code c}'s machine entered {@code state}; watch for the exits of it that only the kernel sees. */
    void entered(NioTcpConnection c, TcpState state);

    /** {@code read()} returned -1 in FIN_WAIT_1: only the kernel knows whether the peer's FIN also ACKed ours. */
    void finInFinWait1(NioTcpConnection c);

    /** {@code c} left the runtime. */
    void forget(NioTcpConnection c);

    /** How many kernel reads (snapshots or buffer reads) were made so far, for tests and benchmarks. */
    default long reads() {
        return 0;
    }

    @Override
    void close();
}
