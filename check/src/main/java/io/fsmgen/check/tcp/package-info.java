/**
 * The TCP protocol, checked: two generated TCP machines ({@link io.fsmgen.tcp.TcpMachine} or a declarative variant)
 * over two channels of abstract segments ({@link io.fsmgen.check.tcp.Segments}), the classification rule that turns
 * a segment into an event ({@link io.fsmgen.check.tcp.SegmentRule}), the model and its properties
 * ({@link io.fsmgen.check.tcp.TcpModel}), and the demonstrations of the main job's {@code check}
 * ({@link io.fsmgen.check.tcp.Demonstration}): why TIME-WAIT exists, RFC 5961 against RFC 793, RFC 1337.
 */
package io.fsmgen.check.tcp;
