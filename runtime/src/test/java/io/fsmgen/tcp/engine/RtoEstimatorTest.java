package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expected values are worked out from the RFC 6298 formulas in the comments. */
class RtoEstimatorTest {

    private static Duration ms(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** No minimum, 1 ms granularity: the raw formula is visible. */
    private static RtoConfig unclamped() {
        return RtoConfig.rfc6298().withMinimum(Duration.ZERO);
    }

    @Test
    void startsAtTheInitialRtoWithNoHistory() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        assertEquals(Duration.ofSeconds(1), rto.rto());
        assertEquals(Optional.empty(), rto.srtt());
        assertEquals(Optional.empty(), rto.rttvar());
    }

    @Test
    void firstSampleSetsSrttAndHalfOfItAsRttvar() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        assertEquals(RtoEstimator.SampleOutcome.USED, rto.addSample(ms(500), false));
        // (2.2): SRTT = 500, RTTVAR = 250, RTO = 500 + max(G = 1, 4 * 250) = 1500 ms
        assertEquals(Optional.of(ms(500)), rto.srtt());
        assertEquals(Optional.of(ms(250)), rto.rttvar());
        assertEquals(ms(1500), rto.rto());
    }

    @Test
    void laterSamplesAreSmoothedWithTheOldSrtt() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        rto.addSample(ms(500), false);
        rto.addSample(ms(300), false);
        // (2.3): RTTVAR = 3/4 * 250 + 1/4 * |500 - 300| = 237.5; SRTT = 7/8 * 500 + 1/8 * 300 = 475
        // RTO = 475 + 4 * 237.5 = 1425 ms
        assertEquals(Optional.of(ms(237.5)), rto.rttvar());
        assertEquals(Optional.of(ms(475)), rto.srtt());
        assertEquals(ms(1425), rto.rto());
        rto.addSample(ms(475), false);
        // RTTVAR = 3/4 * 237.5 + 0 = 178.125; SRTT = 475; RTO = 475 + 712.5 = 1187.5 ms
        assertEquals(Optional.of(ms(178.125)), rto.rttvar());
        assertEquals(ms(1187.5), rto.rto());
    }

    @Test
    void theMinimumRaisesSmallRtos() {
        RtoEstimator clamped = new RtoEstimator(RtoConfig.rfc6298());
        clamped.addSample(ms(10), false);
        assertEquals(Duration.ofSeconds(1), clamped.rto()); // (2.4): 10 + 4 * 5 = 30 ms < 1 s
        RtoEstimator unclamped = new RtoEstimator(unclamped());
        unclamped.addSample(ms(10), false);
        assertEquals(ms(30), unclamped.rto());
    }

    @Test
    void granularityBoundsTheVarianceTerm() {
        RtoConfig coarse = new RtoConfig(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(60), ms(100));
        RtoEstimator rto = new RtoEstimator(coarse);
        rto.addSample(ms(10), false);
        assertEquals(ms(110), rto.rto()); // 10 + max(100, 4 * 5)
    }

    @Test
    void theMaximumCapsLargeRtos() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        rto.addSample(Duration.ofSeconds(50), false);
        assertEquals(Duration.ofSeconds(60), rto.rto()); // 50 + 4 * 25 = 150 s, capped
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        long[] expected = {2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            assertEquals(Duration.ofSeconds(seconds), rto.backOff());
        }
        assertEquals(7, rto.backoffCount());
    }

    @Test
    void karnsAlgorithmIgnoresSamplesFromRetransmittedSegmentsAndKeepsTheBackoff() {
        RtoEstimator rto = new RtoEstimator(unclamped());
        rto.addSample(ms(100), false); // RTO = 100 + 200 = 300
        rto.backOff();                 // 600
        assertEquals(RtoEstimator.SampleOutcome.IGNORED_RETRANSMITTED, rto.addSample(ms(40), true));
        assertEquals(ms(600), rto.rto());
        assertEquals(Optional.of(ms(100)), rto.srtt());
        assertEquals(1, rto.backoffCount());
    }

    @Test
    void aValidSampleEndsTheBackoff() {
        RtoEstimator rto = new RtoEstimator(unclamped());
        rto.addSample(ms(100), false);
        rto.backOff();
        rto.backOff();
        assertEquals(ms(1200), rto.rto());
        rto.addSample(ms(100), false);
        // RTTVAR = 3/4 * 50 + 0 = 37.5; SRTT = 100; RTO = 100 + 150 = 250 ms
        assertEquals(ms(250), rto.rto());
        assertEquals(0, rto.backoffCount());
    }

    @Test
    void nonPositiveSamplesAreIgnored() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        assertEquals(RtoEstimator.SampleOutcome.IGNORED_NOT_POSITIVE, rto.addSample(Duration.ZERO, false));
        assertEquals(RtoEstimator.SampleOutcome.IGNORED_NOT_POSITIVE, rto.addSample(ms(-5), false));
        assertEquals(RtoEstimator.SampleOutcome.IGNORED_NOT_POSITIVE, rto.addSample(null, false));
        assertEquals(Optional.empty(), rto.srtt());
    }

    @Test
    void aHandshakeThatNeededRetransmissionRestartsDataAtThreeSeconds() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        rto.backOff();
        rto.backOff();
        rto.onHandshakeDoneAfterSynRetransmission();
        assertEquals(Duration.ofSeconds(3), rto.rto());
        RtoEstimator sampled = new RtoEstimator(RtoConfig.rfc6298());
        sampled.addSample(ms(500), false);
        sampled.onHandshakeDoneAfterSynRetransmission();
        assertEquals(ms(1500), sampled.rto(), "a measured RTT takes precedence");
    }

    @Test
    void clearingHistoryReturnsToTheInitialRto() {
        RtoEstimator rto = new RtoEstimator(RtoConfig.rfc6298());
        rto.addSample(Duration.ofSeconds(3), false);
        rto.backOff();
        rto.clearHistory();
        assertEquals(Duration.ofSeconds(1), rto.rto());
        assertTrue(rto.srtt().isEmpty());
    }

    @Test
    void inconsistentConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RtoConfig(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RtoConfig(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
    }
}
