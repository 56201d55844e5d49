package io.fsmgen.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fsmgen.ManualScheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffect;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.statemachine.StateMachineEventResult.ResultType;

/**
 * Differential test: seeded random event sequences go to the generated {@link TcpMachine} and to
 * {@link SpringTcpMachine}; after every event the state, the accepted/rejected outcome, the emitted {@link TcpEffect}s
 * and the two extended-state flags must be equal.
 *
 * <ul>
 *   <li>At least 1,000,000 events in total ({@code -Dfsmgen.diff.events=N} to change), as independent sequences of
 *       {@value #SEQUENCE_LENGTH} events, each with its own machine pair and seed {@code BASE_SEED + index}
 *       ({@code -Dfsmgen.diff.seed=S} to change the base). Spring costs tens of microseconds per event, so the
 *       sequences run on two threads per core ({@code -Dfsmgen.diff.threads=T} to change); each pair stays on one
 *       thread.
 *   <li>Outcomes: {@code TcpMachine} is {@code Unhandled.THROW} (an {@link IllegalStateException}); Spring answers
 *       {@link ResultType#DENIED}. Both map to {@link Outcome#REJECTED}. Spring's ACCEPTED does not mean "a
 *       transition fired" (a guard that says no still gives ACCEPTED), which is why state and effects are compared
 *       too; with this complete table neither machine ever rejects, and the test checks that.
 *   <li>TIMEOUT: Spring gets the explicit TIMEOUT event. In TIME_WAIT, {@code TcpMachine} gets it either as an event
 *       or, half of the time, from its own 2·MSL timer by advancing a {@link ManualScheduler} by 2·MSL.
 *   <li>{@code setRemoteKnown(random)} is applied to both now and then, so that the {@code remoteKnown} guard sees
 *       both values in LISTEN.
 *   <li>Every (state, event) cell of the table and both outcomes of each guard must be visited (checked at the
 *       default 1,000,000 events; the seeds are fixed, so the walk is the same on every run).
 * </ul>
 *
 * A mismatch fails with the seed, the step and the last events, e.g. {@code seed 20261123017 step 412: ...}.
 */
class SpringDifferentialTest {

    static final long BASE_SEED = Long.getLong("fsmgen.diff.seed", 20_261_123_000L);
    static final int SEQUENCE_LENGTH = 5_000;
    static final int EVENTS = Integer.getInteger("fsmgen.diff.events", 1_000_000);
    static final TcpConfig CONFIG = TcpConfig.DEFAULT;
    static final TcpEvent[] ALL = TcpEvent.values();
    static final int STATES = TcpState.values().length;

    enum Outcome {
        ACCEPTED,
        REJECTED
    }

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    @Test
    // A guard against a hang, not a performance bound: a quiet 2-core machine takes about 40 s, a machine with a
    // load average of 30 took 179 s, and a timing bound near that failed builds that were correct.
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void generatedAndSpringAgreeOnOneMillionRandomEvents() throws Exception {
        int sequences = (EVENTS + SEQUENCE_LENGTH - 1) / SEQUENCE_LENGTH;
        int threads = Integer.getInteger("fsmgen.diff.threads",
                2 * Math.max(2, Runtime.getRuntime().availableProcessors()));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        SpringTcpMachine.sharedFactory(); // build the table once, outside the timed part
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Coverage>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    Coverage coverage = new Coverage();
                    for (int i = next.getAndIncrement(); i < sequences && failure.get() == null;
                            i = next.getAndIncrement()) {
                        String problem = runSequence(BASE_SEED + i, coverage);
                        if (problem != null) {
                            failure.compareAndSet(null, problem);
                        }
                    }
                    return coverage;
                }));
            }
            Coverage total = new Coverage();
            for (Future<Coverage> f : results) {
                total.add(f.get());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (failure.get() != null) {
                fail(failure.get());
            }
            System.out.printf("SpringDifferentialTest: %,d events in %,d sequences on %d threads, %,d ms"
                            + " (%.1f µs/event/thread incl. both machines); TIMEOUT by timer %,d, by event %,d%n",
                    total.events, sequences, threads, millis, millis * 1000.0 * threads / total.events,
                    total.timerExpiries, total.timeoutEvents);
            assertTrue(total.events >= EVENTS, "events: " + total.events);
            if (EVENTS >= 1_000_000) {
                // The seeds are fixed, so coverage is deterministic (another -Dfsmgen.diff.seed walks other sequences,
                // which at this scale visit every cell too); a smaller -Dfsmgen.diff.events only prints it.
                assertEquals(List.of(), total.unvisitedCells(), "(state, event) cells never visited");
                assertEquals(0b1111, total.guardOutcomes, "guard outcomes seen (bits)");
                assertTrue(total.timerExpiries > 0 && total.timeoutEvents > 0, "both TIMEOUT paths");
            } else {
                System.out.println("SpringDifferentialTest: cells never visited: " + total.unvisitedCells());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one seeded sequence; returns a description of the first mismatch, or null. */
    static String runSequence(long seed, Coverage coverage) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TcpEffect> ours = new ArrayList<>();
        List<TcpEffect> theirs = new ArrayList<>();
        ManualScheduler clock = new ManualScheduler();
        TcpMachine generated = new TcpMachine(TcpEffects.of(ours::add), clock, CONFIG);
        SpringTcpMachine spring = new SpringTcpMachine(TcpEffects.of(theirs::add), CONFIG);
        ArrayDeque<String> recent = new ArrayDeque<>();
        try {
            for (int step = 0; step < SEQUENCE_LENGTH; step++) {
                if (random.nextInt(40) == 0) {
                    boolean known = random.nextBoolean();
                    generated.setRemoteKnown(known);
                    spring.setRemoteKnown(known);
                    remember(recent, "setRemoteKnown(" + known + ")");
                }
                TcpEvent event = ALL[random.nextInt(ALL.length)];
                TcpState before = generated.state();
                coverage.visit(before, event, generated);
                ours.clear();
                theirs.clear();

                Outcome expected;
                boolean byTimer = event == TcpEvent.TIMEOUT && before == TcpState.TIME_WAIT && random.nextBoolean();
                if (byTimer) {
                    int ran = clock.advance(CONFIG.timeWait());
                    expected = Outcome.ACCEPTED;
                    if (ran != 1) {
                        return mismatch(seed, step, event, recent, "the 2·MSL timer ran " + ran + " tasks");
                    }
                    coverage.timerExpiries++;
                } else {
                    if (event == TcpEvent.TIMEOUT) {
                        coverage.timeoutEvents++;
                    }
                    try {
                        generated.fire(event);
                        expected = Outcome.ACCEPTED;
                    } catch (IllegalStateException unhandled) {
                        expected = Outcome.REJECTED;
                    }
                }
                ResultType result = spring.send(event);
                Outcome actual = result == ResultType.DENIED ? Outcome.REJECTED : Outcome.ACCEPTED;
                remember(recent, before + " --" + event + (byTimer ? " (timer)" : "") + "--> " + generated.state()
                        + " " + ours);
                coverage.events++;

                if (expected != actual) {
                    return mismatch(seed, step, event, recent, "outcome " + expected + " vs Spring " + result);
                }
                if (expected == Outcome.REJECTED) {
                    return mismatch(seed, step, event, recent, "the complete table rejected an event");
                }
                if (generated.state() != spring.state()) {
                    return mismatch(seed, step, event, recent,
                            "state " + generated.state() + " vs Spring " + spring.state());
                }
                if (!ours.equals(theirs)) {
                    return mismatch(seed, step, event, recent, "effects " + ours + " vs Spring " + theirs);
                }
                if (generated.passive() != spring.passive() || generated.remoteKnown() != spring.remoteKnown()) {
                    return mismatch(seed, step, event, recent, "flags passive/remoteKnown " + generated.passive()
                            + "/" + generated.remoteKnown() + " vs Spring " + spring.passive() + "/"
                            + spring.remoteKnown());
                }
            }
            return null;
        } finally {
            spring.stop();
        }
    }

    private static void remember(ArrayDeque<String> recent, String line) {
        if (recent.size() == 12) {
            recent.removeFirst();
        }
        recent.addLast(line);
    }

    private static String mismatch(long seed, int step, TcpEvent event, ArrayDeque<String> recent, String what) {
        return "seed " + seed + " step " + step + " event " + event + ": " + what + "\n  last events:\n    "
                + String.join("\n    ", recent);
    }

    /** What one thread's sequences visited. */
    static final class Coverage {
        long events;
        long timerExpiries;
        long timeoutEvents;
        final long[] cells = new long[STATES * ALL.length];
        /** Bits: passive true/false seen in SYN_RECEIVED on a guarded event, remoteKnown true/false on SEND in LISTEN. */
        int guardOutcomes;

        void visit(TcpState state, TcpEvent event, TcpMachine machine) {
            cells[state.ordinal() * ALL.length + event.ordinal()]++;
            if (state == TcpState.SYN_RECEIVED && (event == TcpEvent.RCV_SYN || event == TcpEvent.RCV_SYN_ACK
                    || event == TcpEvent.RCV_RST || event == TcpEvent.RETRANSMISSION_EXHAUSTED)) {
                guardOutcomes |= machine.passive() ? 1 : 2;
            }
            if (state == TcpState.LISTEN && event == TcpEvent.SEND) {
                guardOutcomes |= machine.remoteKnown() ? 4 : 8;
            }
        }

        void add(Coverage other) {
            events += other.events;
            timerExpiries += other.timerExpiries;
            timeoutEvents += other.timeoutEvents;
            for (int i = 0; i < cells.length; i++) {
                cells[i] += other.cells[i];
            }
            guardOutcomes |= other.guardOutcomes;
        }

        List<String> unvisitedCells() {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] == 0) {
                    missing.add(TcpState.values()[i / ALL.length] + "/" + ALL[i % ALL.length]);
                }
            }
            return missing;
        }
    }
}
