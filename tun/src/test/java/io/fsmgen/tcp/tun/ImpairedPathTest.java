package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ImpairedPathTest {

    @Test
    void theSameSeedDropsAndReordersTheSamePackets() {
        Impairment impairment = Impairment.lossy(0.1, 0.1, 42);
        assertEquals(run(impairment, 1000), run(impairment, 1000));
        List<Integer> other = run(Impairment.lossy(0.1, 0.1, 43), 1000);
        assertTrue(!other.equals(run(impairment, 1000)), "another seed, other decisions");
    }

    @Test
    void lossDropsAboutTheGivenShare() {
        ImpairedPath path = new ImpairedPath(Impairment.lossy(0.05, 0, 1), 1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            path.offer(new byte[] {(byte) i}, 0);
            path.release(0, p -> out.add(1));
        }
        assertEquals(20_000, out.size() + path.dropped());
        assertTrue(path.dropped() > 800 && path.dropped() < 1200, "dropped " + path.dropped() + " of 20000");
    }

    @Test
    void aHeldPacketLeavesRightAfterTheOneThatOvertakesIt() {
        List<Integer> out = run(Impairment.lossy(0, 0.3, 5), 200);
        assertEquals(200, out.size(), "nothing lost");
        int swaps = 0;
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i) < out.get(i - 1)) {
                assertEquals(out.get(i - 1) - 1, out.get(i), "overtaken by exactly one packet: " + out);
                swaps++;
            }
        }
        assertTrue(swaps > 20, "reordered " + swaps);
    }

    @Test
    void aHeldPacketThatNobodyOvertakesLeavesAtTheHoldDeadline() {
        ImpairedPath path = new ImpairedPath(new Impairment(0, 0.999, 0, Duration.ZERO, Duration.ofMillis(2), 3), 1);
        path.offer(new byte[] {1}, 1_000);
        List<byte[]> out = new ArrayList<>();
        path.release(1_000, out::add);
        assertEquals(0, out.size());
        assertEquals(OptionalLong.of(2_001_000), path.nextDue());
        path.release(2_000_999, out::add);
        assertEquals(0, out.size());
        path.release(2_001_000, out::add);
        assertEquals(1, out.size());
        assertEquals(OptionalLong.empty(), path.nextDue());
    }

    /**
     * A duplicated packet leaves twice, the copies side by side and in order with the rest; a seed's other decisions
     * are those it made without duplication.
     */
    @Test
    void duplicationSendsSomePacketsTwiceInPlace() {
        Impairment lossy = Impairment.lossy(0.1, 0, 11);
        List<Integer> out = run(lossy.withDuplication(0.2), 1000);
        List<Integer> distinct = out.stream().distinct().toList();
        assertEquals(run(lossy, 1000), distinct, "the same packets survive, in the same order");
        int copies = out.size() - distinct.size();
        assertTrue(copies > 100 && copies < 260, "about a fifth of ~900 sent twice: " + copies);
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i) >= out.get(i - 1), "a copy leaves beside its packet: " + out);
        }
    }

    @Test
    void delayKeepsOrder() {
        ImpairedPath path = new ImpairedPath(Impairment.NONE.withDelay(Duration.ofMillis(5)), 1);
        path.offer(new byte[] {1}, 0);
        path.offer(new byte[] {2}, 1_000_000);
        List<Integer> out = new ArrayList<>();
        path.release(4_999_999, p -> out.add((int) p[0]));
        assertEquals(List.of(), out);
        path.release(5_000_000, p -> out.add((int) p[0]));
        assertEquals(List.of(1), out);
        path.release(6_000_000, p -> out.add((int) p[0]));
        assertEquals(List.of(1, 2), out);
    }

    @Test
    void rejectsImpossibleProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> Impairment.lossy(1.0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.lossy(0, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.lossy(Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withDuplication(1.0));
    }

    /** Offers packets 0..n-1 one time unit apart and returns the order they came out in. */
    private static List<Integer> run(Impairment impairment, int n) {
        ImpairedPath path = new ImpairedPath(impairment, 1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            path.offer(new byte[] {(byte) (i >> 8), (byte) i}, i);
            path.release(i, p -> out.add((p[0] & 0xFF) << 8 | p[1] & 0xFF));
        }
        path.release(Long.MAX_VALUE / 2, p -> out.add((p[0] & 0xFF) << 8 | p[1] & 0xFF));
        return out;
    }
}
