/**
 * The TCP connection state machine of RFC 9293, declared with fsmgen.
 *
 * <p>{@link io.fsmgen.tcp.TcpSpec} holds the table; the processor generates {@code TcpMachine} from it at build
 * time. The machine decides, for every (state, event) pair of {@link io.fsmgen.tcp.TcpState} ×
 * {@link io.fsmgen.tcp.TcpEvent}, the next state and the effects: which {@link io.fsmgen.tcp.TcpSegment} to send,
 * which {@link io.fsmgen.tcp.TcpSignal} or error the user gets, and the 2·MSL TIME-WAIT timer. Effects go to a
 * {@link io.fsmgen.tcp.TcpEffects} sink and can be recorded as {@link io.fsmgen.tcp.TcpEffect} values.
 *
 * <pre>{@code
 * TcpMachine detached = new TcpMachine();                       // CLOSED, effects dropped, no timer
 * List<TcpEffect> log = new ArrayList<>();
 * TcpMachine bound = new TcpMachine(TcpEffects.of(log::add), scheduler, TcpConfig.DEFAULT);
 * bound.fire(TcpEvent.ACTIVE_OPEN);                             // log: [send SYN]
 * }</pre>
 *
 * <h2>Deriving a variant without forking</h2>
 *
 * A spec that extends {@code TcpSpec} inherits its table; a row with the same (state, event, guard) replaces the
 * inherited one, and the child generates its own machine:
 *
 * <pre>{@code
 * @StateMachine(name = "Rfc1337TcpMachine", unhandled = Unhandled.THROW, complete = true, transitions = {
 *     @Transition(from = "TIME_WAIT", on = "RCV_RST"),   // RFC 1337: ignore RST in TIME-WAIT
 * })
 * public abstract class Rfc1337TcpSpec extends TcpSpec { ...constructors... }
 * }</pre>
 *
 * {@link io.fsmgen.tcp.Rfc1337TcpSpec} and {@link io.fsmgen.tcp.Rfc793TcpSpec} are the two examples; the tests
 * check that each differs from the base machine in exactly the overridden cells.
 */
package io.fsmgen.tcp;
