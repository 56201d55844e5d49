package io.fsmgen.check.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.check.BruteForce;
import io.fsmgen.check.Budget;
import io.fsmgen.check.Channel;
import io.fsmgen.check.ClosedSystem;
import io.fsmgen.check.Explorer;
import io.fsmgen.check.StateComponent;
import org.junit.jupiter.api.Test;

/** The payment systems' state counts, by the explorer and by an independent brute-force enumeration. */
class PaymentBruteForceTest {

    @Test
    void explorerAndBruteForceCountTheSameStates() {
        for (PaymentModel.ClientKind client : PaymentModel.ClientKind.values()) {
            for (PaymentModel.ServerKind server : PaymentModel.ServerKind.values()) {
                for (int inFlight = 1; inFlight <= 2; inFlight++) {
                    PaymentModel.Config config = new PaymentModel.Config(client, server, inFlight, 1, 1);
                    long explored = new Explorer().explore(PaymentModel.system(config)).states();
                    assertEquals(BruteForce.count(PaymentModel.system(config), PaymentBruteForceTest::describe),
                            explored, config.describe());
                }
            }
        }
    }

    private static String describe(ClosedSystem system) {
        StringBuilder text = new StringBuilder(system.machineStates());
        if (system.machine(PaymentModel.CLIENT) instanceof RetryingPaymentClientSpec retrying) {
            text.append(" attempts=").append(retrying.attempts);
        }
        text.append(" charges=").append(((PaymentService) system.machine(PaymentModel.SERVER)).charges());
        for (StateComponent component : system.components()) {
            if (component instanceof Channel channel) {
                text.append(' ').append(channel);
            } else if (component instanceof Budget budget) {
                text.append(' ').append(budget);
            }
        }
        return text.toString();
    }
}
