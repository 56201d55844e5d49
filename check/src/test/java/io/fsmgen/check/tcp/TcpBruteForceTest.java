package io.fsmgen.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.check.BruteForce;
import io.fsmgen.check.Budget;
import io.fsmgen.check.Channel;
import io.fsmgen.check.ClosedSystem;
import io.fsmgen.check.Explorer;
import io.fsmgen.check.Report;
import io.fsmgen.check.StateComponent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.List;

/**
 * The explorer's state counts of small TCP models equal those of an independent brute-force enumeration, which
 * identifies a state by what the machines and the model say through their own accessors (state, extended state,
 * timers, TCB, history, channels, budgets) and never encodes anything.
 */
class TcpBruteForceTest {

    static List<TcpModelConfig> models() {
        TcpModelConfig base = TcpModelConfig.defaults();
        return List.of(
                base,
                base.network(1, false, 1, 0),
                base.network(1, false, 1, 0).machines(TcpVariant.NO_TIME_WAIT),
                base.network(2, true, 0, 0),
                base.closing(false).attacker(1, 1).machines(TcpVariant.RFC_793),
                base.closing(false).opening(TcpModelConfig.Opening.ANY_ORDER).network(1, true, 1, 1),
                base.aborting(true).network(1, false, 0, 1));
    }

    @ParameterizedTest
    @MethodSource("models")
    void explorerAndBruteForceCountTheSameStates(TcpModelConfig config) {
        Report report = new Explorer().explore(TcpModel.system(config));
        assertTrue(report.complete());
        int counted = BruteForce.count(TcpModel.system(config), TcpBruteForceTest::describe);
        assertEquals(counted, report.states(), config.describe());
    }

    private static String describe(ClosedSystem system) {
        StringBuilder text = new StringBuilder();
        for (StateComponent component : system.components()) {
            if (component instanceof Endpoint side) {
                text.append(side.name).append(' ').append(side.state())
                        .append(" passive=").append(side.spec.passive())
                        .append(" remoteKnown=").append(side.spec.remoteKnown())
                        .append(" timer=").append(side.scheduler.anyArmed())
                        .append(" una=").append(side.sndUna).append(" nxt=").append(side.sndNxt)
                        .append(" rcv=").append(side.rcvNxt).append(" inc=").append(side.incarnation)
                        .append(" calls=").append(side.opened).append(side.passiveOpened).append(side.closed)
                        .append(side.aborted)
                        .append(" history=").append(side.reset).append(side.forgedReset).append(side.timeWaitCut)
                        .append(side.oldSegmentTaken).append(side.established).append(side.synAtClosedPort)
                        .append('\n');
            } else if (component instanceof Channel channel) {
                text.append(channel.from()).append("->").append(channel.to()).append(':');
                for (int i = 0; i < channel.size(); i++) {
                    text.append(' ').append(channel.get(i));
                }
                text.append('\n');
            } else if (component instanceof Budget budget) {
                text.append(budget.name()).append(' ').append(budget.used()).append('\n');
            }
        }
        return text.toString();
    }
}
