package io.fsmgen.examples.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Options that cannot be what the operator meant fail with the option's name. */
class WatchOptionsTest {

    @Test
    void aPidWithNoProcessIsRefused() {
        // Above the kernel's largest pid_max (4,194,304): no process can have it.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchOptions.parse(List.of("--pid", "99999999")));
        assertEquals("--pid 99999999: no such process", e.getMessage());
    }

    @Test
    void theWatchersOwnPidIsAccepted() {
        long self = ProcessHandle.current().pid();
        assertEquals(self, WatchOptions.parse(List.of("--pid", Long.toString(self))).orElseThrow().pid().getAsLong());
    }

    @Test
    void anOptionGivenTwiceIsRefusedButPortsRepeat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchOptions.parse(List.of("--seconds", "1", "--seconds", "2")));
        assertEquals("option --seconds given twice (only --port may repeat)", e.getMessage());
        assertTrue(WatchOptions.parse(List.of("--port", "80", "--port", "443")).orElseThrow().ports().size() == 2);
    }
}
