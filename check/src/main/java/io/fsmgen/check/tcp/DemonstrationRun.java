package io.fsmgen.check.tcp;

import io.fsmgen.check.Explorer;
import io.fsmgen.check.ExplorerOptions;
import io.fsmgen.check.Replay;
import io.fsmgen.check.Report;
import io.fsmgen.check.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Demonstration} explored: per variant, the report, the property's verdict, and for a violation its replay
 * on the real machines.
 */
public record DemonstrationRun(Demonstration demonstration, List<Outcome> outcomes) {

    /** One variant's result. */
    public record Outcome(Demonstration.Expected expected, TcpModelConfig config, Report report, Verdict verdict,
            Optional<Replay> replay) {

        /** Whether the verdict is the expected one and a counterexample, if any, replayed. */
        public boolean asExpected() {
            return verdict.status() == expected.status() && replay.map(Replay::reproduced).orElse(true);
        }
    }

    public DemonstrationRun {
        outcomes = List.copyOf(outcomes);
    }

    /** Explores every variant of {@code demonstration}. */
    public static DemonstrationRun of(Demonstration demonstration, ExplorerOptions options) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Demonstration.Expected expected : demonstration.variants()) {
            TcpModelConfig config = demonstration.config().machines(expected.variant());
            Report report = new Explorer(options).explore(TcpModel.system(config));
            Verdict verdict = report.verdict(demonstration.property());
            Optional<Replay> replay = verdict.counterexample()
                    .map(counterexample -> Replay.of(TcpModel.system(config), counterexample));
            outcomes.add(new Outcome(expected, config, report, verdict, replay));
        }
        return new DemonstrationRun(demonstration, outcomes);
    }

    public boolean asExpected() {
        return outcomes.stream().allMatch(Outcome::asExpected);
    }
}
