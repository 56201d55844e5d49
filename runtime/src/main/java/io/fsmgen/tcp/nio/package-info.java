/**
 * The NIO binding of the RFC 9293 connection machine: every connection a Java application owns drives a
 * {@link io.fsmgen.tcp.nio.NioTcpMachine} (generated from {@link io.fsmgen.tcp.nio.NioTcpSpec}, which derives
 * {@link io.fsmgen.tcp.TcpSpec} to declare the connect, FIN_WAIT_2 and idle timeouts) that follows the socket's
 * real life, enforces legal use, reports state, and catches the classic bugs.
 *
 * <h2>API</h2>
 *
 * {@link io.fsmgen.tcp.nio.NioTcpRuntime} (selector loops, 1 thread by default, AutoCloseable):
 * {@code listen(address, handler)}, {@code connect(address, handler)}. {@link io.fsmgen.tcp.nio.NioTcpConnection}:
 * {@code write(ByteBuffer)} (bounded queue, OP_WRITE while the socket buffer is full,
 * {@link io.fsmgen.tcp.nio.WriteResult#BACKPRESSURE} then {@code writable()}), {@code close()} (flush, then FIN through
 * {@code shutdownOutput()}), {@code abort()} (SO_LINGER 0, RST). {@link io.fsmgen.tcp.nio.NioTcpHandler}: opened,
 * data, peerFinished (half-close), writable, closed with a {@link io.fsmgen.tcp.nio.CloseCause}. A call the RFC rejects
 * in the current state throws {@link io.fsmgen.tcp.nio.TcpCallException} with the RFC's text.
 *
 * <h2>Mapping</h2>
 *
 * <table class="striped">
 *   <caption>NIO events and calls as machine events</caption>
 *   <thead><tr><th>NIO event or call</th><th>TcpMachine event</th></tr></thead>
 *   <tbody>
 *     <tr><td>bind/listen</td><td>PASSIVE_OPEN on the listener's machine (CLOSED → LISTEN)</td></tr>
 *     <tr><td>listener {@code close()}</td><td>CLOSE on the listener's machine (LISTEN → CLOSED)</td></tr>
 *     <tr><td>{@code connect()}</td><td>ACTIVE_OPEN (CLOSED → SYN_SENT)</td></tr>
 *     <tr><td>{@code finishConnect()} succeeds (or {@code connect()} returns true)</td><td>RCV_SYN_ACK
 *         (SYN_SENT → ESTABLISHED)</td></tr>
 *     <tr><td>{@code ConnectException} (refused)</td><td>RCV_RST (SYN_SENT → CLOSED, cause REFUSED)</td></tr>
 *     <tr><td>connect failure with ECONNRESET (the handshake was done when a RST came: a full accept queue under
 *         {@code tcp_abort_on_overflow = 1}, see {@code ResetAfterHandshake})</td><td>RCV_SYN_ACK, RCV_RST
 *         (SYN_SENT → ESTABLISHED → CLOSED, cause RESET; no {@code opened})</td></tr>
 *     <tr><td>other connect failure</td><td>ABORT (cause ERROR)</td></tr>
 *     <tr><td>{@code accept()}</td><td>a child machine: PASSIVE_OPEN, RCV_SYN, RCV_ACK (CLOSED → LISTEN → SYN_RECEIVED
 *         → ESTABLISHED), marked inferred from accept</td></tr>
 *     <tr><td>{@code read()} returns bytes</td><td>RECEIVE (restarts the idle timer in ESTABLISHED)</td></tr>
 *     <tr><td>{@code read()} returns -1</td><td>RCV_FIN; in FIN_WAIT_1, RCV_FIN or RCV_FIN_ACK as the kernel's table
 *         says (CLOSING or TIME_WAIT)</td></tr>
 *     <tr><td>a reset error (ECONNRESET, EPIPE: "Connection reset", "Broken pipe" in this JVM's language, see
 *         {@code ReadWriteFailure})</td><td>RCV_RST (cause RESET)</td></tr>
 *     <tr><td>ETIMEDOUT ("Connection timed out", in this JVM's language)</td><td>RETRANSMISSION_EXHAUSTED (cause
 *         TIMEOUT)</td></tr>
 *     <tr><td>another I/O error</td><td>ABORT (cause ERROR)</td></tr>
 *     <tr><td>{@code write()}</td><td>SEND</td></tr>
 *     <tr><td>{@code close()}</td><td>CLOSE, deferred until the write queue is flushed (T45/T66)</td></tr>
 *     <tr><td>{@code abort()}</td><td>ABORT</td></tr>
 *     <tr><td>kernel table: our FIN ACKed (FIN-WAIT-2 / TIME-WAIT, or a LAST-ACK socket gone)</td><td>RCV_ACK
 *         (FIN_WAIT_1 → FIN_WAIT_2, CLOSING → TIME_WAIT, LAST_ACK → CLOSED)</td></tr>
 *     <tr><td>kernel table: a FIN-WAIT-1 (peer's FIN read) or CLOSING socket gone: no TIME-WAIT took over</td>
 *         <td>RCV_RST (→ CLOSED, cause RESET: a RST, or the kernel giving up)</td></tr>
 *     <tr><td>kernel table: TIME-WAIT socket gone</td><td>TIMEOUT (TIME_WAIT → CLOSED), or the machine's own 2·MSL
 *         timer, whichever is first</td></tr>
 *     <tr><td>connect / FIN_WAIT_2 / idle timeout (declared in {@link io.fsmgen.tcp.nio.NioTcpSpec})</td><td>USER_TIMEOUT
 *         (→ CLOSED, cause TIMEOUT; the socket is closed with a RST so that the kernel agrees)</td></tr>
 *     <tr><td>runtime {@code close()}</td><td>ABORT on every open connection (cause ERROR)</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>What NIO cannot see</h2>
 *
 * The ACK of our FIN, FINs that cross, the end of LAST_ACK and a RST while nothing reads are never faked. They come
 * from the runtime's {@link io.fsmgen.tcp.nio.TransitionSource}: by default the kernel's own state changes from its
 * tracepoint ({@code TracedTransitions}, mapped by {@link io.fsmgen.tcp.nio.LinuxRfcMapping}),
 * else snapshots of the kernel's table by 4-tuple ({@code PolledTransitions}), else estimates
 * ({@link io.fsmgen.tcp.nio.TransitionSource#NONE}: the ACK is assumed after {@code ackEstimate} and the state is
 * reported as unobserved, {@code observed() == false}, {@code ~} in the table).
 *
 * <h2>The channel's own machine</h2>
 *
 * Which directions of a connection's channel are open, whether a close waits for queued writes and when the channel is
 * released are the states of a second generated machine, {@link io.fsmgen.tcp.nio.ChannelSpec}; the TCP machine's FIN
 * and RST are its events, and the ACK of our FIN too: once both FINs are out the channel is released, but the handler
 * hears {@code closed} only when our FIN is acknowledged or the connection ends otherwise, with the cause that end
 * had.
 *
 * <h2>Observability</h2>
 *
 * {@link io.fsmgen.tcp.nio.ConnectionRegistry} (snapshot, {@code ss}-style table, counts per state),
 * {@link io.fsmgen.tcp.nio.ConnectionListener}s, a JFR event {@code io.fsmgen.tcp.Transition} per transition (free
 * when no recording runs), {@code System.Logger} "io.fsmgen.tcp.nio" (transitions at TRACE), and the CLOSE_WAIT leak
 * detector ({@link io.fsmgen.tcp.nio.NioTcpOptions#withCloseWaitLeak}).
 */
package io.fsmgen.tcp.nio;
