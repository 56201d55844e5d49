package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded runs over loss, duplication and reordering. Every run must end with both connections CLOSED
 * once their timers have run out, every byte delivered exactly once and in order both ways, and no event ever
 * rejected by the machine (TcpMachine throws on one; the run fails with its seed). Both senders' congestion windows
 * are watched throughout ({@link CongestionInvariants}): slow start, the halving on three duplicate ACKs and the
 * collapse on a timeout must each follow RFC 5681, and each must have happened across the runs.
 *
 * <p>Replay a failing seed with its full trace: {@code mvn -pl api,processor,runtime verify
 * -Dtest=EndpointPropertyTest -Dfsmgen.tcp.seed=SEED} (or {@code -Dfsmgen.tcp.chaosSeed=SEED} for a run with an
 * ABORT). {@code -Dfsmgen.tcp.runs=N} changes the number of runs.
 */
class EndpointPropertyTest {

    private static final int RUNS = Integer.getInteger("fsmgen.tcp.runs", 3000);

    @Test
    void seededRunsCloseAndDeliverEveryByteOnceInOrder() {
        runAll(false, RUNS);
    }

    /** Runs where one side ABORTs at a random moment: prefixes delivered, no rejected event, all CLOSED in the end. */
    @Test
    void seededRunsWithAnAbortStayConsistent() {
        runAll(true, RUNS / 2);
    }

    private static void runAll(boolean chaos, int runs) {
        Long replay = Long.getLong(chaos ? "fsmgen.tcp.chaosSeed" : "fsmgen.tcp.seed");
        long first = replay == null ? 1 : replay;
        long last = replay == null ? runs : replay;
        long started = System.nanoTime();
        long tasks = 0;
        long retransmissions = 0;
        long virtualNanos = 0;
        long slowStartSteps = 0;
        long halvings = 0;
        long collapses = 0;
        for (long seed = first; seed <= last; seed++) {
            SeededRun.Outcome outcome;
            StringBuilder trace = replay == null ? null : new StringBuilder();
            try {
                outcome = SeededRun.run(seed, chaos, replay != null, trace);
            } catch (RuntimeException | AssertionError failure) {
                failure.printStackTrace();
                fail("seed " + seed + " failed: " + failure + replayHint(seed, chaos)
                        + (trace == null ? "" : "\n" + trace), failure);
                return;
            }
            if (trace != null) {
                System.out.println(trace);
            }
            if (!outcome.ok()) {
                fail("seed " + seed + ": " + outcome + replayHint(seed, chaos));
            }
            tasks += outcome.tasks();
            retransmissions += outcome.retransmissions();
            virtualNanos += outcome.virtualNanos();
            slowStartSteps += outcome.slowStartSteps();
            halvings += outcome.halvings();
            collapses += outcome.collapses();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("EndpointPropertyTest%s: %d runs, %d clock tasks, %d retransmissions, %.0f s virtual, %d ms;"
                + " congestion window checked over %d slow-start steps, %d halvings, %d collapses%n",
                chaos ? " (with ABORT)" : "", last - first + 1, tasks, retransmissions, virtualNanos / 1e9,
                elapsedMillis, slowStartSteps, halvings, collapses);
        if (replay == null) {
            assertTrue(slowStartSteps > runs && halvings > runs / 20 && collapses > runs / 20,
                    "the seeded profiles should exercise slow start, fast retransmit and timeouts: " + slowStartSteps
                            + ", " + halvings + ", " + collapses);
        }
        // Bounded by work, not by the wall clock, which a loaded machine stretches at will: about 160 clock tasks a run
        // now; a change that made the runs churn would show here first.
        long perRun = tasks / (last - first + 1);
        assertTrue(perRun < 1_000, "the property test must stay bounded: " + perRun + " clock tasks a run");
    }

    private static String replayHint(long seed, boolean chaos) {
        return "\nreplay: mvn -pl api,processor,runtime verify -Dtest=EndpointPropertyTest -Dfsmgen.tcp."
                + (chaos ? "chaosSeed=" : "seed=") + seed;
    }
}
