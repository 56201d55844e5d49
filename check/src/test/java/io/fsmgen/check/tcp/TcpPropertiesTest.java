package io.fsmgen.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.check.Counterexample;
import io.fsmgen.check.Explorer;
import io.fsmgen.check.Replay;
import io.fsmgen.check.Report;
import io.fsmgen.check.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each TCP property has a model where it holds and a declarative variant where the explorer must find the violation;
 * every counterexample is replayed on fresh machines (which only ever run {@code fire}) and must reproduce. Each
 * model here is explored exhaustively; the largest takes a fraction of a second.
 */
class TcpPropertiesTest {

    private static final TcpModelConfig LOSSY = TcpModelConfig.defaults().network(1, false, 1, 0);
    /**
     * LOSSY with room for two segments each way: with one, a retransmission fills a channel and the runs that go on
     * from there leave the bounds, so both-closed cannot be decided
     * (see bothClosed_isUnknown_whenTheChannelsAreTooSmall).
     */
    private static final TcpModelConfig ROOMY = TcpModelConfig.defaults().network(2, false, 1, 0);

    private static Report explore(TcpModelConfig config) {
        Report report = new Explorer().explore(TcpModel.system(config));
        assertTrue(report.complete(), report.summary());
        return report;
    }

    private static Counterexample violated(TcpModelConfig config, String property, Counterexample.Kind kind) {
        Verdict verdict = explore(config).verdict(property);
        assertEquals(Verdict.Status.VIOLATED, verdict.status(), property + " on " + config.describe());
        Counterexample counterexample = verdict.counterexample().orElseThrow();
        assertEquals(kind, counterexample.kind(), counterexample.describe());
        Replay replay = Replay.of(TcpModel.system(config), counterexample);
        assertTrue(replay.reproduced(), replay.outcome() + "\n" + replay.diagram());
        return counterexample;
    }

    private static void holds(TcpModelConfig config, String property) {
        Verdict verdict = explore(config).verdict(property);
        assertEquals(Verdict.Status.HOLDS, verdict.status(), () -> property + " on " + config.describe() + "\n"
                + verdict.unknownBecause().orElse("") + "\n"
                + verdict.counterexample().map(Counterexample::describe).orElse(""));
    }

    private static List<String> descriptions(Counterexample counterexample) {
        return counterexample.steps().stream().map(Counterexample.Step::description).toList();
    }

    @Test
    void noReset_holdsWithTimeWait_andFailsWithoutIt_whenTheLastAckIsLost() {
        holds(LOSSY, TcpModel.NO_RESET);
        holds(ROOMY, TcpModel.BOTH_CLOSED);
        Counterexample counterexample = violated(LOSSY.machines(TcpVariant.NO_TIME_WAIT), TcpModel.NO_RESET,
                Counterexample.Kind.INVARIANT);
        List<String> steps = descriptions(counterexample);
        // handshake 4, close 5, the loss, the retransmission, its FIN, the RST
        assertEquals(13, steps.size(), counterexample.describe());
        assertEquals("the network loses ACK seq=2 ack=2 client->server", steps.get(9));
        assertEquals("server's retransmission timer expires", steps.get(10));
        assertEquals("the network delivers RST seq=2 client->server", steps.get(12));
    }

    @Test
    void noDeadlock_holds_andFailsWhenLastAckNeverRetransmits() {
        holds(LOSSY, TcpModel.NO_DEADLOCK);
        Counterexample counterexample = violated(LOSSY.machines(TcpVariant.SILENT_LAST_ACK), TcpModel.NO_DEADLOCK,
                Counterexample.Kind.DEADLOCK);
        assertTrue(counterexample.violation().contains("client FIN_WAIT_2, server LAST_ACK"),
                counterexample.violation());
    }

    @Test
    void bothClosed_holds_andGetsStuckWhenLastAckNeverRetransmits() {
        holds(ROOMY, TcpModel.BOTH_CLOSED);
        violated(LOSSY.machines(TcpVariant.SILENT_LAST_ACK), TcpModel.BOTH_CLOSED, Counterexample.Kind.STUCK);
    }

    /**
     * One segment in flight each way: the SYN-ACK lost, both sides retransmit, and then every delivery makes the other
     * side answer into a full channel. That run never closes within the bounds and goes on beyond them, so the
     * explorer does not claim that both sides close: it says which run went out.
     */
    @Test
    void bothClosed_isUnknown_whenTheChannelsAreTooSmall() {
        Verdict verdict = explore(LOSSY).verdict(TcpModel.BOTH_CLOSED);
        assertEquals(Verdict.Status.UNKNOWN, verdict.status());
        assertEquals("a fair run that never reaches the goal leaves the model's bounds: after client ACTIVE_OPEN,"
                + " deliver client->server, lose server->client #0, client retransmission timer, server retransmission"
                + " timer, every move leaves them (deliver client->server, say)",
                verdict.unknownBecause().orElseThrow());
    }

    @Test
    void handshake_completesFromEveryOpenOrder_andCyclesForeverWithoutSimultaneousOpen() {
        TcpModelConfig opens = TcpModelConfig.defaults().closing(false).opening(TcpModelConfig.Opening.ANY_ORDER)
                .network(2, true, 1, 1);
        holds(opens, TcpModel.HANDSHAKE);
        Counterexample cycle = violated(opens.network(1, false, 0, 0).machines(TcpVariant.NO_SIMULTANEOUS_OPEN),
                TcpModel.HANDSHAKE, Counterexample.Kind.CYCLE);
        assertTrue(cycle.cycleStart() >= 0 && cycle.cycleStart() < cycle.steps().size(), cycle.describe());
        assertTrue(descriptions(cycle).contains("server's user opens actively (connect)"), cycle.describe());
    }

    @Test
    void noForgedReset_holdsUnderRfc5961_andAnInWindowSynKillsRfc793() {
        TcpModelConfig attacked = TcpModelConfig.defaults().closing(false).attacker(1, 0);
        holds(attacked, TcpModel.NO_FORGED_RESET);
        Counterexample counterexample = violated(attacked.machines(TcpVariant.RFC_793), TcpModel.NO_FORGED_RESET,
                Counterexample.Kind.INVARIANT);
        List<String> steps = descriptions(counterexample);
        assertEquals(6, steps.size(), counterexample.describe());
        assertTrue(steps.get(4).startsWith("an off-path attacker injects a SYN toward client"), steps.get(4));
    }

    @Test
    void timeWaitLasts_underRfc1337_andIsAssassinatedUnderRfc9293ByAReorderedAck() {
        TcpModelConfig reordering = TcpModelConfig.defaults().network(2, true, 0, 0);
        holds(reordering.machines(TcpVariant.RFC_1337), TcpModel.TIME_WAIT_LASTS);
        Counterexample counterexample = violated(reordering, TcpModel.TIME_WAIT_LASTS, Counterexample.Kind.INVARIANT);
        assertEquals("the network delivers RST seq=2 server->client",
                counterexample.steps().get(counterexample.steps().size() - 1).description());
    }

    @Test
    void noOldDuplicate_holdsWhileTimeWaitLasts_andFailsWithoutIt() {
        TcpModelConfig reopened = TcpModelConfig.defaults().clientClosingFirst(true).network(2, true, 0, 1)
                .incarnations(2);
        holds(reopened.machines(TcpVariant.RFC_1337), TcpModel.NO_OLD_DUPLICATE);
        violated(reopened.machines(TcpVariant.NO_TIME_WAIT), TcpModel.NO_OLD_DUPLICATE, Counterexample.Kind.INVARIANT);
        violated(reopened, TcpModel.NO_OLD_DUPLICATE, Counterexample.Kind.INVARIANT);
    }

    @Test
    void responsive_everyEventReachesARowOfTheCompleteTable() {
        holds(TcpModelConfig.defaults().opening(TcpModelConfig.Opening.ANY_ORDER).aborting(true)
                .network(1, true, 1, 1).attacker(1, 1), TcpModel.RESPONSIVE);
    }

    @Test
    void everyDemonstrationGetsItsExpectedVerdicts() {
        for (Demonstration demonstration : Demonstration.all()) {
            DemonstrationRun run = DemonstrationRun.of(demonstration, io.fsmgen.check.ExplorerOptions.defaults());
            for (DemonstrationRun.Outcome outcome : run.outcomes()) {
                assertTrue(outcome.asExpected(), demonstration.title() + ", " + outcome.expected().variant() + ": "
                        + outcome.verdict().status());
            }
        }
    }
}
