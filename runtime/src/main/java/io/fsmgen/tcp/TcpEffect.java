package io.fsmgen.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * One effect of the TCP machine as a value, so that runs can be recorded and compared effect by effect (against
 * another implementation of the same table, or against an expected-outcome table in a test).
 *
 * <p>Each value can be replayed on a {@link TcpEffects} sink with {@link #applyTo}, and {@link TcpEffects#of}
 * turns a sink's calls back into values; the two are inverse.
 */
public sealed interface TcpEffect {

    /** Calls the matching method of {@code sink}. */
    void applyTo(TcpEffects sink);

    /** Send a segment of this kind. */
    static TcpEffect send(TcpSegment segment) {
        return Send.ALL[segment.ordinal()];
    }

    /** Retransmit the head of the retransmission queue. */
    static TcpEffect retransmit() {
        return Retransmit.INSTANCE;
    }

    /** The 2·MSL TIME-WAIT timer was (re)started. */
    static TcpEffect timeWaitStarted(Duration duration) {
        return new TimeWaitStarted(duration);
    }

    /** The 2·MSL TIME-WAIT timer was stopped before it expired. */
    static TcpEffect timeWaitStopped() {
        return TimeWaitStopped.INSTANCE;
    }

    /** An unsolicited signal to the user. */
    static TcpEffect signal(TcpSignal signal) {
        return Signal.ALL[signal.ordinal()];
    }

    /** The user call was rejected with this RFC error text (without the "error: " prefix). */
    static TcpEffect error(String text) {
        return new Error(text);
    }

    /** Send a segment. */
    record Send(TcpSegment segment) implements TcpEffect {
        private static final Send[] ALL = new Send[TcpSegment.values().length];

        static {
            for (TcpSegment s : TcpSegment.values()) {
                ALL[s.ordinal()] = new Send(s);
            }
        }

        public Send {
            Objects.requireNonNull(segment, "segment");
        }

        @Override
        public void applyTo(TcpEffects sink) {
            sink.send(segment);
        }

        @Override
        public String toString() {
            return "send " + segment;
        }
    }

    /** Retransmit the head of the retransmission queue (SYN, SYN+ACK, data or FIN) and re-arm the timer. */
    record Retransmit() implements TcpEffect {
        private static final Retransmit INSTANCE = new Retransmit();

        @Override
        public void applyTo(TcpEffects sink) {
            sink.retransmit();
        }

        @Override
        public String toString() {
            return "retransmit";
        }
    }

    /** The TIME-WAIT timer was (re)started for {@code duration}. */
    record TimeWaitStarted(Duration duration) implements TcpEffect {
        public TimeWaitStarted {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public void applyTo(TcpEffects sink) {
            sink.timeWaitStarted(duration);
        }

        @Override
        public String toString() {
            return "start TIME-WAIT " + duration;
        }
    }

    /** The TIME-WAIT timer was stopped before expiring. */
    record TimeWaitStopped() implements TcpEffect {
        private static final TimeWaitStopped INSTANCE = new TimeWaitStopped();

        @Override
        public void applyTo(TcpEffects sink) {
            sink.timeWaitStopped();
        }

        @Override
        public String toString() {
            return "stop TIME-WAIT";
        }
    }

    /** An unsolicited signal to the user. */
    record Signal(TcpSignal signal) implements TcpEffect {
        private static final Signal[] ALL = new Signal[TcpSignal.values().length];

        static {
            for (TcpSignal s : TcpSignal.values()) {
                ALL[s.ordinal()] = new Signal(s);
            }
        }

        public Signal {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public void applyTo(TcpEffects sink) {
            sink.signal(signal);
        }

        @Override
        public String toString() {
            return "signal \"" + signal.text() + "\"";
        }
    }

    /** A user call was rejected with the RFC's error text. */
    record Error(String text) implements TcpEffect {
        public Error {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public void applyTo(TcpEffects sink) {
            sink.error(text);
        }

        @Override
        public String toString() {
            return "error: " + text;
        }
    }
}
