package io.fsmgen.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.Machine;
import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives the generated TCP machines in tests and records their effects as values. */
final class TcpHarness {

    private TcpHarness() {}

    /** TIME-WAIT of the default configuration, written out independently of {@link TcpConfig}. */
    static final Duration TIME_WAIT_60S = Duration.ofSeconds(60);

    /** The three generated machines. */
    enum Variant {
        BASE,
        RFC1337,
        RFC793;

        Machine<TcpState, TcpEvent> create(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
            switch (this) {
                case BASE:
                    return new TcpMachine(effects, scheduler, config);
                case RFC1337:
                    return new Rfc1337TcpMachine(effects, scheduler, config);
                case RFC793:
                    return new Rfc793TcpMachine(effects, scheduler, config);
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /**
     * A way to reach each state, SYN_RECEIVED once per origin (MUST-11), always along RFC paths, so that the
     * machine's extended state is what the RFC says it is (no {@code restore}).
     */
    enum Situation {
        CLOSED(TcpState.CLOSED),
        LISTEN(TcpState.LISTEN, TcpEvent.PASSIVE_OPEN),
        SYN_SENT(TcpState.SYN_SENT, TcpEvent.ACTIVE_OPEN),
        SYN_RECEIVED_PASSIVE(TcpState.SYN_RECEIVED, TcpEvent.PASSIVE_OPEN, TcpEvent.RCV_SYN),
        SYN_RECEIVED_ACTIVE(TcpState.SYN_RECEIVED, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN),
        ESTABLISHED(TcpState.ESTABLISHED, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK),
        FIN_WAIT_1(TcpState.FIN_WAIT_1, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.CLOSE),
        FIN_WAIT_2(TcpState.FIN_WAIT_2, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.CLOSE, TcpEvent.RCV_ACK),
        CLOSE_WAIT(TcpState.CLOSE_WAIT, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.RCV_FIN),
        CLOSING(TcpState.CLOSING, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.CLOSE, TcpEvent.RCV_FIN),
        LAST_ACK(TcpState.LAST_ACK, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.RCV_FIN, TcpEvent.CLOSE),
        TIME_WAIT(TcpState.TIME_WAIT, TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.CLOSE, TcpEvent.RCV_FIN_ACK);

        final TcpState state;
        final TcpEvent[] path;

        Situation(TcpState state, TcpEvent... path) {
            this.state = state;
            this.path = path;
        }
    }

    /** One machine with a recorder. */
    static final class Run {
        final Machine<TcpState, TcpEvent> machine;
        final TcpSpec spec;
        private final List<TcpEffect> effects = new ArrayList<>();

        Run(Variant variant, Scheduler scheduler, TcpConfig config) {
            this.machine = variant.create(TcpEffects.of(effects::add), scheduler, config);
            this.spec = (TcpSpec) machine;
        }

        Run(Variant variant) {
            this(variant, Scheduler.none(), TcpConfig.DEFAULT);
        }

        /** Fires each event, asserting that a row handled it. */
        Run fire(TcpEvent... events) {
            for (TcpEvent event : events) {
                assertEquals(true, machine.fire(event), () -> "no row fired for " + event);
            }
            return this;
        }

        TcpState state() {
            return machine.state();
        }

        /** The effects recorded since the last call, which are then forgotten. */
        List<TcpEffect> take() {
            List<TcpEffect> taken = List.copyOf(effects);
            effects.clear();
            return taken;
        }
    }

    /** A base machine in {@code situation}, its recorder emptied. */
    static Run in(Situation situation) {
        return in(situation, Variant.BASE);
    }

    static Run in(Situation situation, Variant variant) {
        Run run = new Run(variant);
        run.fire(situation.path);
        assertEquals(situation.state, run.state(), () -> "path to " + situation);
        run.take();
        return run;
    }

    /** What one event did: the state after it and the effects in order. */
    record Outcome(TcpState next, List<TcpEffect> effects) {
        @Override
        public String toString() {
            return next + " " + effects;
        }
    }

    static Outcome outcome(Situation situation, Variant variant, TcpEvent event) {
        Run run = in(situation, variant);
        run.fire(event);
        return new Outcome(run.state(), run.take());
    }

    // ---- effect shorthands, spelled independently of the spec's constants ----

    static TcpEffect send(TcpSegment segment) {
        return new TcpEffect.Send(segment);
    }

    static TcpEffect signal(TcpSignal signal) {
        return new TcpEffect.Signal(signal);
    }

    static TcpEffect error(String text) {
        return new TcpEffect.Error(text);
    }

    static TcpEffect retransmit() {
        return new TcpEffect.Retransmit();
    }

    static TcpEffect twStarted() {
        return new TcpEffect.TimeWaitStarted(TIME_WAIT_60S);
    }

    static TcpEffect twStopped() {
        return new TcpEffect.TimeWaitStopped();
    }
}
