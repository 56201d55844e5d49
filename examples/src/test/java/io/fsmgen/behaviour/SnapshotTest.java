package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.Scheduler;
import io.fsmgen.Snapshot;
import io.fsmgen.StateBits;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code encode}/{@code decode} and {@code snapshot()}/{@code restore(Snapshot)}: a machine's state,
 * timeouts and {@code @ExtendedState} fields survive the trip, and a snapshot that does not fit is rejected with a
 * message naming what, leaving the machine as it was.
 */
class SnapshotTest {

    private final ManualScheduler clock = new ManualScheduler();

    /** ON after two flips, dimmed once, repainted once, with its burn-out timer running. */
    private CapturedSpecMachine used() {
        CapturedSpecMachine machine = new CapturedSpecMachine(clock);
        machine.fire(Switch.FLIP);
        machine.fire(Switch.KICK);
        machine.fire(Switch.REPAIR);
        machine.fire(Switch.FLIP);
        machine.fire(Switch.TICK);
        machine.drift = -1;
        return machine;
    }

    @Test
    void restoreTakesStateExtendedStateAndArmedTimeout() {
        CapturedSpecMachine original = used();
        Snapshot snapshot = original.snapshot();

        ManualScheduler otherClock = new ManualScheduler();
        CapturedSpecMachine copy = new CapturedSpecMachine(otherClock);
        copy.restore(Snapshot.fromLongs(snapshot.toLongs()));

        assertEquals(Light.ON, copy.state());
        assertEquals(2, copy.flips);
        assertEquals(CapturedSpec.Colour.AMBER, copy.colour);
        assertEquals(0.5, copy.level);
        assertEquals(-1, copy.drift);
        assertEquals(1, otherClock.pending(), "the burn-out timeout is armed again");
        otherClock.advance(Duration.ofMinutes(1));
        assertEquals(Light.BROKEN, copy.state());
        assertEquals(snapshot, original.snapshot(), "taking a snapshot changes nothing");
    }

    @Test
    void aTimeoutThatWasNotArmedStaysUnarmed() {
        CapturedSpecMachine machine = new CapturedSpecMachine(clock);
        machine.restore(Light.ON); // arms the timeout, like a fresh entry
        clock.advance(Duration.ofMinutes(1)); // TIMEOUT: BROKEN
        machine.restore(Light.OFF);
        Snapshot off = machine.snapshot();
        CapturedSpecMachine copy = new CapturedSpecMachine(clock);
        copy.restore(off);
        assertEquals(0, clock.pending());
    }

    @Test
    void snapshotIsAFewLongs() {
        Snapshot snapshot = used().snapshot();
        // 2 bits of state, 1 timeout, flips 3 bits, colour 3 bits, level 64 bits, drift 2 bits.
        assertEquals(75, snapshot.bitLength());
        assertEquals(4, snapshot.toLongs().length);
        TcpMachine tcp = new TcpMachine();
        tcp.fire(TcpEvent.PASSIVE_OPEN);
        tcp.fire(TcpEvent.RCV_SYN);
        assertEquals(3, tcp.snapshot().toLongs().length, "ids, length and one word of 7 bits");
        assertEquals(7, tcp.snapshot().bitLength());
    }

    @Test
    void tcpExtendedStateDecidesAfterRestore() {
        TcpMachine passiveOpen = new TcpMachine();
        passiveOpen.fire(TcpEvent.PASSIVE_OPEN);
        passiveOpen.fire(TcpEvent.RCV_SYN);
        TcpMachine restored = new TcpMachine();
        restored.restore(passiveOpen.snapshot());
        assertEquals(TcpState.SYN_RECEIVED, restored.state());
        assertTrue(restored.passive());
        assertTrue(restored.remoteKnown());
        restored.fire(TcpEvent.RCV_RST);
        assertEquals(TcpState.LISTEN, restored.state(), "T32: the restored passive flag sends it back to LISTEN");
    }

    @Test
    void snapshotOfAnotherMachineIsRejected() {
        TcpMachine tcp = new TcpMachine();
        CapturedSpecMachine machine = new CapturedSpecMachine(clock);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> machine.restore(tcp.snapshot()));
        assertTrue(thrown.getMessage().startsWith("this snapshot was taken from another machine"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("not from io.fsmgen.behaviour.CapturedSpecMachine"), thrown.getMessage());
    }

    @Test
    void snapshotOfAnotherLayoutIsRejected() {
        long[] stored = used().snapshot().toLongs();
        stored[0] ^= 1; // the layout fingerprint is the low half of the first long
        CapturedSpecMachine machine = new CapturedSpecMachine(clock);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> machine.restore(Snapshot.fromLongs(stored)));
        assertTrue(thrown.getMessage().contains("was taken with another layout"), thrown.getMessage());
    }

    @Test
    void outOfRangeValuesAreRejectedAndChangeNothing() {
        assertRejected(bits(3, 0, 0, 0, 0), "the snapshot holds state ordinal 3, but Light has 3 constants");
        assertRejected(bits(0, 1, 0, 0, 0), "the snapshot has timeout burnOut() armed in state OFF, where it does"
                + " not run");
        assertRejected(bits(0, 0, 6, 0, 0), "the snapshot holds 6 for extended-state field flips, outside its"
                + " declared range 0..5");
        assertRejected(bits(0, 0, 0, 5 + 1, 0), "the snapshot holds ordinal 5 for extended-state field colour, but"
                + " Colour has 4 constants");
        assertRejected(bits(0, 0, 0, 0, 3), "the snapshot holds 2 for extended-state field drift, outside its"
                + " declared range -1..1");
    }

    @Test
    void truncatedAndOverlongSnapshotsAreRejected() {
        StateBits tooShort = new StateBits();
        tooShort.write(1, 2);
        assertRejected(tooShort, "ended early");
        StateBits tooLong = bits(0, 0, 0, 0, 0);
        tooLong.write(1, 1);
        assertRejected(tooLong, "the snapshot holds 1 bits more than the layout reads");
    }

    @Test
    void encodeRejectsAValueOutsideTheDeclaredRange() {
        CapturedSpecMachine machine = used();
        machine.flips = 9;
        IllegalStateException thrown = assertThrows(IllegalStateException.class, machine::snapshot);
        assertEquals("CapturedSpecMachine: extended-state field flips = 9 is outside its declared range 0..5",
                thrown.getMessage());
    }

    @Test
    void snapshotWhileProcessingIsRejected() {
        CapturedSpecMachine machine = used();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> machine.fire(Switch.CHAIN));
        assertEquals("CapturedSpecMachine.encode() called while an event is being processed", thrown.getMessage());
    }

    @Test
    void decodeReadsOneMachineOutOfALongerEncoding() {
        CapturedSpecMachine first = used();
        CapturedSpecMachine second = new CapturedSpecMachine(clock);
        StateBits both = new StateBits();
        first.encode(both);
        second.encode(both);
        CapturedSpecMachine a = new CapturedSpecMachine(clock);
        CapturedSpecMachine b = new CapturedSpecMachine(clock);
        a.decode(both);
        b.decode(both);
        assertEquals(0, both.remaining());
        assertEquals(first.snapshot(), withIds(a));
        assertEquals(Light.OFF, b.state());
    }

    @Test
    void encodeAndDecodeAllocateNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        TcpMachine tcp = new TcpMachine();
        tcp.fire(TcpEvent.ACTIVE_OPEN);
        TcpMachine copy = new TcpMachine();
        StateBits bits = new StateBits();
        roundTrips(tcp, copy, bits, 20_000); // warm up
        long before = threads.getThreadAllocatedBytes(thread);
        int rounds = 1_000_000;
        roundTrips(tcp, copy, bits, rounds);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // The counter and the JIT may allocate a few kilobytes; one object per round trip would be 16 MB.
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated by " + rounds + " encode/decode round trips");
        assertEquals(TcpState.SYN_SENT, copy.state());
    }

    private static void roundTrips(TcpMachine from, TcpMachine to, StateBits bits, int rounds) {
        for (int i = 0; i < rounds; i++) {
            bits.clear();
            from.encode(bits);
            to.decode(bits);
        }
    }

    /** The bits of CapturedSpec's layout with these raw values; level 0.0. */
    private static StateBits bits(int state, int armed, int flips, int colour, int drift) {
        StateBits bits = new StateBits();
        bits.write(state, 2);
        bits.write(armed, 1);
        bits.write(flips, 3);
        bits.write(colour, 3);
        bits.write(0, 64);
        bits.write(drift, 2);
        return bits;
    }

    private void assertRejected(StateBits bits, String expected) {
        CapturedSpecMachine machine = used();
        Snapshot before = machine.snapshot();
        int pending = clock.pending();
        Snapshot bad = Snapshot.of(before.machine(), before.layout(), bits);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> machine.restore(bad));
        assertTrue(thrown.getMessage().contains(expected), thrown.getMessage());
        assertEquals(before, machine.snapshot(), "a rejected snapshot changes nothing");
        assertEquals(pending, clock.pending(), "nor the timeouts");
    }

    private static Snapshot withIds(CapturedSpecMachine machine) {
        return machine.snapshot();
    }

    @Test
    void storedLongsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Snapshot.fromLongs(1L));
        long[] stored = used().snapshot().toLongs();
        long[] truncated = java.util.Arrays.copyOf(stored, stored.length - 1);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Snapshot.fromLongs(truncated));
        assertTrue(thrown.getMessage().contains("data longs"), thrown.getMessage());
        assertArrayEquals(stored, Snapshot.fromLongs(stored).toLongs());
    }

    @Test
    void detachedSchedulerIsEnoughToCapture() {
        CapturedSpecMachine machine = new CapturedSpecMachine(Scheduler.none());
        machine.fire(Switch.FLIP);
        CapturedSpecMachine copy = new CapturedSpecMachine(Scheduler.none());
        copy.restore(machine.snapshot());
        assertEquals(Light.ON, copy.state());
    }
}
