package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetransmissionBudgetTest {

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    @Test
    void retransmitsUntilR2HasElapsedAndFlagsR1() {
        RetransmissionBudget budget = new RetransmissionBudget(RetransmissionLimits.forData());
        budget.start(0);
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT, budget.onTimeout(seconds(1)));
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT, budget.onTimeout(seconds(3)));
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT_PAST_R1, budget.onTimeout(seconds(7)));
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT, budget.onTimeout(seconds(15)));
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT, budget.onTimeout(seconds(99.999)));
        assertFalse(budget.isExhausted(seconds(99.999)));
        assertEquals(RetransmissionBudget.Verdict.GIVE_UP, budget.onTimeout(seconds(100)));
        assertEquals(5, budget.retransmissions());
    }

    @Test
    void resetForgetsTheSegment() {
        RetransmissionBudget budget = new RetransmissionBudget(RetransmissionLimits.forData());
        budget.start(0);
        budget.onTimeout(seconds(1));
        budget.reset();
        assertFalse(budget.isStarted());
        assertFalse(budget.isExhausted(seconds(1000)));
        budget.start(seconds(500));
        assertEquals(0, budget.retransmissions());
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT, budget.onTimeout(seconds(599)));
        assertEquals(RetransmissionBudget.Verdict.GIVE_UP, budget.onTimeout(seconds(600)));
    }

    @Test
    void synLimitsHonourMust23() {
        assertEquals(Duration.ofMinutes(3), RetransmissionLimits.forSyn().r2());
        assertEquals(Duration.ofMinutes(5), RetransmissionLimits.forSyn(Duration.ofMinutes(5)).r2());
        assertThrows(IllegalArgumentException.class, () -> RetransmissionLimits.forSyn(Duration.ofSeconds(179)));
    }

    /** The SYN timer with RFC 6298 backoff: 1, 2, 4, ... 60 s; the connection gives up only after 3 minutes. */
    @Test
    void aLostSynIsRetriedForAtLeastThreeMinutesWithBackoff() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        RetransmissionBudget budget = new RetransmissionBudget(RetransmissionLimits.forSyn());
        long now = 0;
        budget.start(now);
        List<Long> retransmittedAt = new ArrayList<>();
        while (true) {
            now += rto.rto().toNanos();
            RetransmissionBudget.Verdict verdict = budget.onTimeout(now);
            if (verdict == RetransmissionBudget.Verdict.GIVE_UP) {
                break;
            }
            retransmittedAt.add(now / 1_000_000_000L);
            rto.backOff();
        }
        // Timer expiries at 1, 3, 7, 15, 31, 63, 123 s retransmit; the one at 183 s is past R2 = 180 s.
        assertEquals(List.of(1L, 3L, 7L, 15L, 31L, 63L, 123L), retransmittedAt);
        assertEquals(183, now / 1_000_000_000L);
        assertTrue(now >= Duration.ofMinutes(3).toNanos());
    }

    @Test
    void aTimeoutWithoutStartStartsTheBudget() {
        RetransmissionBudget budget = new RetransmissionBudget(new RetransmissionLimits(0, Duration.ofSeconds(10)));
        assertEquals(RetransmissionBudget.Verdict.RETRANSMIT, budget.onTimeout(seconds(5)));
        assertEquals(RetransmissionBudget.Verdict.GIVE_UP, budget.onTimeout(seconds(15)));
    }
}
