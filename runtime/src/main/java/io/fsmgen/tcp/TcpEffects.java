package io.fsmgen.tcp;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a bound TCP machine sends its effects: the segments to send, the TIME-WAIT timer, and what the user is told.
 * A user-space engine implements it to turn each effect into a real segment (it owns the TCB, hence sequence
 * numbers, the retransmission queue and the user/retransmission timers); a test or a differential comparison uses
 * {@link #of} to record {@link TcpEffect} values.
 *
 * <p>Every method defaults to doing nothing, so an implementation overrides only what it needs. Calls happen on the
 * thread that fires the machine, during the transition, in the order the RFC lists the actions.
 */
public interface TcpEffects {

    /** A sink that drops everything: the detached machine's. */
    TcpEffects NONE = new TcpEffects() {};

    /** Send a segment of this kind; the engine computes its numbers. */
    default void send(TcpSegment segment) {}

    /** Retransmit the head of the retransmission queue and re-arm the retransmission timer (§3.10.8). */
    default void retransmit() {}

    /**
     * The machine's TIME-WAIT timer was (re)started. The machine runs it itself through its scheduler; this is a
     * notification (an engine stops its other timers here, §3.10.7.4 Eighth).
     */
    default void timeWaitStarted(Duration duration) {}

    /** The TIME-WAIT timer was stopped before expiring (RST, ABORT, user timeout, or a restart). */
    default void timeWaitStopped() {}

    /** An unsolicited signal to the user. */
    default void signal(TcpSignal signal) {}

    /** The current user call fails with this RFC error text, e.g. "connection does not exist". */
    default void error(String text) {}

    /** A sink that turns each call into a {@link TcpEffect} value handed to {@code consumer}, e.g. {@code list::add}. */
    static TcpEffects of(Consumer<? super TcpEffect> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return new TcpEffects() {
            @Override
            public void send(TcpSegment segment) {
                consumer.accept(TcpEffect.send(segment));
            }

            @Override
            public void retransmit() {
                consumer.accept(TcpEffect.retransmit());
            }

            @Override
            public void timeWaitStarted(Duration duration) {
                consumer.accept(TcpEffect.timeWaitStarted(duration));
            }

            @Override
            public void timeWaitStopped() {
                consumer.accept(TcpEffect.timeWaitStopped());
            }

            @Override
            public void signal(TcpSignal signal) {
                consumer.accept(TcpEffect.signal(signal));
            }

            @Override
            public void error(String text) {
                consumer.accept(TcpEffect.error(text));
            }
        };
    }
}
