/**
 * The parts of a user-space TCP endpoint that do not depend on the generated {@code TcpMachine}, so that the
 * endpoint can be assembled on top of them once the machine exists.
 *
 * <ul>
 *   <li>Wire format: {@link io.fsmgen.tcp.engine.Segment}, {@link io.fsmgen.tcp.engine.TcpFlags},
 *       {@link io.fsmgen.tcp.engine.TcpOptions} and {@link io.fsmgen.tcp.engine.TcpOption},
 *       {@link io.fsmgen.tcp.engine.SegmentCodec} (never throws; returns a
 *       {@link io.fsmgen.tcp.engine.DecodeResult}), {@link io.fsmgen.tcp.engine.PseudoHeader}.</li>
 *   <li>Numbers: {@link io.fsmgen.tcp.engine.SeqNum}, {@link io.fsmgen.tcp.engine.IssGenerator},
 *       {@link io.fsmgen.tcp.engine.Tcb}, {@link io.fsmgen.tcp.engine.SegmentChecks} (the §3.10.7.4 and RFC 5961
 *       tests a classifier needs), {@link io.fsmgen.tcp.engine.Replies}.</li>
 *   <li>Data: {@link io.fsmgen.tcp.engine.SendBuffer}, {@link io.fsmgen.tcp.engine.ReceiveBuffer},
 *       {@link io.fsmgen.tcp.engine.SackScoreboard}.</li>
 *   <li>Time: {@link io.fsmgen.tcp.engine.RtoEstimator}, {@link io.fsmgen.tcp.engine.RetransmissionBudget},
 *       {@link io.fsmgen.tcp.engine.Timer}, {@link io.fsmgen.tcp.engine.VirtualClock}.</li>
 *   <li>Carriers: {@link io.fsmgen.tcp.engine.SegmentCarrier} and {@link io.fsmgen.tcp.engine.SegmentSink},
 *       implemented by {@link io.fsmgen.tcp.engine.SimulatedNetwork} and {@link io.fsmgen.tcp.engine.UdpCarrier};
 *       {@link io.fsmgen.tcp.engine.Demultiplexer} routes arrivals to connections or listeners.</li>
 *   <li>Observation: {@link io.fsmgen.tcp.engine.Trace}, rendered as a two-column sequence diagram.</li>
 * </ul>
 *
 * <p>Everything here is single-threaded and free of static mutable state, so that a simulated run is a pure function
 * of its seed and can be replayed exactly when a property test fails.
 */
package io.fsmgen.tcp.engine;
