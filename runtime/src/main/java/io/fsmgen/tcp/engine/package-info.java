/**
 * The parts of a user-space TCP endpoint that do not depend on the generated {@code TcpMachine}: the RFC 9293 wire
 * format and its codec, modular sequence arithmetic, initial sequence numbers, retransmission timing, and a
 * deterministic simulated network with a virtual clock and a printable trace.
 *
 * <p>Everything here is single-threaded and free of static mutable state, so that a simulated run is a pure function
 * of its seed and can be replayed exactly when a property test fails.
 */
package io.fsmgen.tcp.engine;
