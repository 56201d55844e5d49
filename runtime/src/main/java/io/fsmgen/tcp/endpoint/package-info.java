/**
 * A user-space TCP endpoint in which the generated {@link io.fsmgen.tcp.TcpMachine} decides every state change.
 *
 * <h2>Pipeline of an arriving segment</h2>
 *
 * <ol>
 *   <li>{@link io.fsmgen.tcp.endpoint.TcpEndpoint} decodes the datagram (a malformed one is dropped with the codec's
 *       reason) and routes it through the engine's {@link io.fsmgen.tcp.engine.Demultiplexer}: the connection of
 *       its 4-tuple, else the {@link io.fsmgen.tcp.endpoint.TcpListener}, else a machine parked in CLOSED.
 *   <li>{@link io.fsmgen.tcp.endpoint.SegmentClassifier} turns (segment, TCB, state) into a
 *       {@link io.fsmgen.tcp.endpoint.Verdict}: an event for the machine, or the RFC's reply to an unacceptable
 *       segment (ACK, rate-limited challenge ACK, RST) or a silent drop, neither of which reaches the machine.
 *   <li>{@link io.fsmgen.tcp.endpoint.SegmentArrival} applies the segment's bookkeeping (peer's SYN and its
 *       options, SND.UNA and the send window in {@link io.fsmgen.tcp.endpoint.SendSide}, text and in-order FIN into
 *       {@link io.fsmgen.tcp.endpoint.ReceiveSide}) and fires the event; then
 *       {@link io.fsmgen.tcp.endpoint.TcpConnection} does what the engine owns: send what the peer's window and cwnd
 *       allow, fire a deferred CLOSE, acknowledge received text, probe a zero window.
 *   <li>An ACK also goes through {@link io.fsmgen.tcp.endpoint.AckClassifier} to the generated
 *       {@code CongestionMachine} ({@link io.fsmgen.tcp.endpoint.CongestionSpec}), which decides slow start,
 *       congestion avoidance, fast retransmit and recovery (NewReno, or RFC 6675 with SACK) and the collapse on a
 *       timeout.
 * </ol>
 *
 * <h2>Effects to segments</h2>
 *
 * {@link io.fsmgen.tcp.endpoint.MachineEffects} builds each one. SYN / SYN_ACK: {@code <SEQ=ISS>} with MSS (from the carrier's MTU), SACK-permitted, timestamps and window scale
 * as {@link io.fsmgen.tcp.endpoint.SynOptions} decides, timed and on the retransmission timer. ACK and CHALLENGE_ACK:
 * {@code <SEQ=SND.NXT><ACK=RCV.NXT>}. Every later segment carries the timestamps and, on an ACK, SACK options once in
 * force ({@link io.fsmgen.tcp.endpoint.Transmitter}). DATA: queue the user's bytes and send up to the MSS, the usable
 * window and cwnd. FIN: {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>}, only once every queued byte is segmentized.
 * RST / RST_ACK: while a segment is being processed, {@link io.fsmgen.tcp.engine.Replies#resetFor} of it; for ABORT,
 * {@code <SEQ=SND.NXT><CTL=RST>}. retransmit: back off, collapse cwnd, and resend from the head of the queue (SYN,
 * SYN+ACK, data, FIN) in slow start.
 * TIME-WAIT started: stop the retransmission and persist timers. Signals and errors go to the user as
 * {@link io.fsmgen.tcp.TcpSignal}s and {@link io.fsmgen.tcp.endpoint.TcpException}s with the RFC's text.
 *
 * <p>Timers run on an {@link io.fsmgen.Scheduler}: a {@link io.fsmgen.tcp.engine.VirtualClock} in simulation, the
 * same clock kept level with the wall clock over real UDP.
 */
package io.fsmgen.tcp.endpoint;
