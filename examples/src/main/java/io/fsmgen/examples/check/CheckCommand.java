package io.fsmgen.examples.check;

import io.fsmgen.check.Counterexample;
import io.fsmgen.check.Explorer;
import io.fsmgen.check.ExplorerOptions;
import io.fsmgen.check.Replay;
import io.fsmgen.check.Report;
import io.fsmgen.check.Verdict;
import io.fsmgen.check.example.PaymentModel;
import io.fsmgen.check.tcp.Demonstration;
import io.fsmgen.check.tcp.DemonstrationRun;
import io.fsmgen.check.tcp.TcpModel;
import io.fsmgen.check.tcp.TcpModelConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar fsmgen-examples.jar check}: explores two generated TCP machines talking over a lossy network and
 * prints, for each demonstration (TIME-WAIT, RFC 5961, RFC 1337), each variant's verdict with its state count, the
 * counterexample of each failure as a sequence diagram replayed on the real machines, and what it teaches; then every
 * property of RFC 9293 on one model, and the payment example. Exit code 0 when every verdict is the expected one.
 */
public final class CheckCommand {

    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;

    public CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return OK;
        }
        if (!args.isEmpty()) {
            err.println("fsmgen: check takes no arguments, not '" + String.join(" ", args) + "'");
            err.print(usage());
            return USAGE;
        }
        ExplorerOptions options = ExplorerOptions.defaults();
        boolean expected = true;
        out.println("Exhaustive exploration of two generated TCP machines talking over a network that loses, duplicates"
                + " and reorders within bounds: every reachable global state, breadth-first, so each counterexample"
                + " is a shortest one, replayed step by step on the real machines.");
        for (Demonstration demonstration : Demonstration.all()) {
            expected &= print(DemonstrationRun.of(demonstration, options));
        }
        expected &= printRfc9293(options);
        expected &= printPayments(options);
        out.println();
        out.println(expected ? "Every verdict is the expected one."
                : "SOME VERDICTS ARE NOT THE EXPECTED ONES (above).");
        return expected ? OK : UNEXPECTED;
    }

    private boolean print(DemonstrationRun run) {
        Demonstration demonstration = run.demonstration();
        out.println();
        out.println("== " + demonstration.title());
        out.println("Property " + demonstration.property() + ": " + TcpModel.sentence(demonstration.property()) + ".");
        for (DemonstrationRun.Outcome outcome : run.outcomes()) {
            out.println();
            out.println("  " + outcome.config().describe());
            out.println("  " + outcome.expected().variant().name() + verdictLine(outcome.report(), outcome.verdict())
                    + (outcome.expected().note().isEmpty() ? "" : " (" + outcome.expected().note() + ")")
                    + (outcome.asExpected() ? "" : "   <-- UNEXPECTED, expected " + outcome.expected().status()));
            outcome.verdict().counterexample().ifPresent(counterexample ->
                    printCounterexample(counterexample, outcome.replay().orElseThrow()));
        }
        out.println();
        out.println("What it teaches: " + demonstration.teaches());
        return run.asExpected();
    }

    private void printCounterexample(Counterexample counterexample, Replay replay) {
        out.println("  Shortest counterexample of " + counterexample.property() + ", " + counterexample.steps().size()
                + " steps"
                + (counterexample.cycleStart() >= 0 ? " (from step " + (counterexample.cycleStart() + 1)
                        + " on, forever)" : "") + "; replayed on the real machines: "
                + (replay.reproduced() ? "reproduced" : "NOT reproduced") + ".");
        out.println("  Initially: " + replay.initial());
        replay.diagram().lines().forEach(line -> out.println("  " + line));
        out.println("  => " + counterexample.violation());
    }

    private boolean printRfc9293(ExplorerOptions options) {
        out.println();
        out.println("== Every property of RFC 9293 (TcpMachine)");
        // Three in flight: with two, a run fills both channels and can only go on beyond them, and both-closed
        // is unknown (the explorer says which run); with three, every fair run closes within the bounds.
        TcpModelConfig graceful = TcpModelConfig.defaults().network(3, true, 1, 1);
        Report report = new Explorer(options).explore(TcpModel.system(graceful));
        out.println("  " + graceful.describe() + ": " + report.summary());
        boolean expected = true;
        for (Verdict verdict : report.verdicts()) {
            boolean timeWait = verdict.property().name().equals(TcpModel.TIME_WAIT_LASTS);
            Verdict.Status wanted = timeWait ? Verdict.Status.VIOLATED : Verdict.Status.HOLDS;
            expected &= verdict.status() == wanted;
            out.println(String.format(Locale.ROOT, "  %-16s %-8s %s%s", verdict.property().name(), verdict.status(),
                    verdict.property().sentence(), timeWait ? " (reordering alone assassinates it: see RFC 1337 above)"
                            : ""));
            printUnknown(verdict);
        }
        TcpModelConfig opens = TcpModelConfig.defaults().closing(false).opening(TcpModelConfig.Opening.ANY_ORDER)
                .network(2, true, 1, 1);
        Report handshake = new Explorer(options).explore(TcpModel.system(opens));
        Verdict verdict = handshake.verdict(TcpModel.HANDSHAKE);
        expected &= verdict.holds();
        out.println("  " + opens.describe() + ": " + handshake.summary());
        out.println(String.format(Locale.ROOT, "  %-16s %-8s %s", TcpModel.HANDSHAKE, verdict.status(),
                verdict.property().sentence()));
        printUnknown(verdict);
        return expected;
    }

    /** Why a verdict is unknown, under it: the bound the search stopped at, or the run that left the bounds. */
    private void printUnknown(Verdict verdict) {
        verdict.unknownBecause().ifPresent(why -> out.println("      unknown: " + why));
    }

    private boolean printPayments(ExplorerOptions options) {
        out.println();
        out.println("== Not only TCP: a client paying through a payment service, with request timeouts and retries");
        boolean expected = true;
        for (PaymentModel.ServerKind server : List.of(PaymentModel.ServerKind.NAIVE,
                PaymentModel.ServerKind.IDEMPOTENT)) {
            PaymentModel.Config config = new PaymentModel.Config(PaymentModel.ClientKind.RETRYING, server, 2, 1, 1);
            Report report = new Explorer(options).explore(PaymentModel.system(config));
            // Without an idempotency key the card is charged twice, and a retry finds the server charging.
            List<String> violated = server == PaymentModel.ServerKind.NAIVE
                    ? List.of(PaymentModel.CHARGED_ONCE, PaymentModel.FAILED_MEANS_NOT_CHARGED, PaymentModel.RESPONSIVE)
                    : List.of(PaymentModel.FAILED_MEANS_NOT_CHARGED);
            out.println();
            out.println("  " + config.describe() + ": " + report.summary());
            for (Verdict verdict : report.verdicts()) {
                Verdict.Status wanted = violated.contains(verdict.property().name()) ? Verdict.Status.VIOLATED
                        : Verdict.Status.HOLDS;
                expected &= verdict.status() == wanted;
                out.println(String.format(Locale.ROOT, "  %-25s %-8s %s%s", verdict.property().name(),
                        verdict.status(), verdict.property().sentence(),
                        verdict.status() == wanted ? "" : "   <-- UNEXPECTED, expected " + wanted));
                printUnknown(verdict);
            }
            for (Verdict verdict : report.verdicts()) {
                verdict.counterexample().ifPresent(counterexample -> {
                    out.println();
                    printCounterexample(counterexample, Replay.of(PaymentModel.system(config), counterexample));
                });
            }
        }
        out.println();
        out.println("What it teaches: a retry cannot tell a lost request from a slow reply, so without an idempotency"
                + " key the card is charged twice; with one it is charged once. And no server fixes"
                + " failed-means-not-charged: a client that gives up cannot know that the payment did not happen.");
        return expected;
    }

    static String verdictLine(Report report, Verdict verdict) {
        return String.format(Locale.ROOT, ": %s (%,d states, %,d transitions, %.2f s)", verdict.status(),
                report.states(), report.transitions(), report.elapsed().toNanos() / 1e9);
    }

    static String usage() {
        return """
                Usage: java -jar fsmgen-examples.jar check

                Explores two generated TCP machines over a lossy network: why TIME-WAIT exists (a variant without it,
                declared in four rows, ends a graceful close in a reset and lets old duplicates into the next
                connection), RFC 5961 against RFC 793 (a blind in-window SYN), RFC 1337 (TIME-WAIT assassination);
                every property of RFC 9293; and a payment client and server with retries. Prints each verdict with its
                state count and each counterexample as a sequence diagram. Exit code 0 when every verdict is the
                expected one, 1 otherwise.
                """;
    }
}
