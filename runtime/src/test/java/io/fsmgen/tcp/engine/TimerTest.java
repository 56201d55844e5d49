package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerTest {

    @Test
    void rearmingReplacesTheEarlierExpiry() {
        VirtualClock clock = new VirtualClock();
        List<Long> expiries = new ArrayList<>();
        Timer timer = new Timer(clock, () -> expiries.add(clock.nanoTime()));
        timer.arm(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(500));
        timer.arm(Duration.ofSeconds(1)); // restart, as a retransmitted FIN restarts TIME-WAIT
        assertTrue(timer.isArmed());
        clock.runUntilIdle(10);
        assertEquals(List.of(1_500_000_000L), expiries);
        assertFalse(timer.isArmed());
    }

    @Test
    void aCancelledTimerNeverFires() {
        VirtualClock clock = new VirtualClock();
        List<Long> expiries = new ArrayList<>();
        Timer timer = new Timer(clock, () -> expiries.add(clock.nanoTime()));
        timer.cancel();
        timer.arm(Duration.ofSeconds(1));
        timer.cancel();
        assertFalse(timer.isArmed());
        clock.runUntilIdle(10);
        assertEquals(List.of(), expiries);
        assertEquals(0, clock.pendingTasks());
    }

    @Test
    void theExpiryMayRearmItself() {
        VirtualClock clock = new VirtualClock();
        List<Long> expiries = new ArrayList<>();
        Timer[] timer = new Timer[1];
        timer[0] = new Timer(clock, () -> {
            expiries.add(clock.nanoTime() / 1_000_000_000L);
            if (expiries.size() < 3) {
                timer[0].arm(Duration.ofSeconds(expiries.size() * 2L)); // backoff
            }
        });
        timer[0].arm(Duration.ofSeconds(1));
        clock.runUntilIdle(10);
        assertEquals(List.of(1L, 3L, 7L), expiries);
    }
}
