package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.StateBits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateStoreTest {

    private static StateBits bits(long... words) {
        StateBits bits = new StateBits();
        for (long word : words) {
            bits.write(word, 64);
        }
        return bits;
    }

    @Test
    void storesEachStateOnceAndFindsItAgainAcrossGrowth() {
        StateStore store = new StateStore(new MemoryBound(Long.MAX_VALUE));
        Random random = new Random(7);
        long[][] states = new long[50_000][];
        for (int i = 0; i < states.length; i++) {
            states[i] = new long[1 + random.nextInt(3)];
            for (int w = 0; w < states[i].length; w++) {
                states[i][w] = random.nextLong();
            }
            assertEquals(i, store.add(bits(states[i]), i - 1, i % 7));
        }
        for (int i = 0; i < states.length; i++) {
            assertEquals(i, store.find(bits(states[i])));
            assertEquals(-2 - i, store.add(bits(states[i]), 0, 0), "already there");
            assertEquals(i - 1, store.parent(i));
            assertEquals(i % 7, store.move(i));
        }
        assertEquals(states.length, store.count());
        assertEquals(StateStore.NONE, store.find(bits(42L, 43L)));
        StateBits loaded = new StateBits();
        store.load(123, loaded);
        for (int w = 0; w < states[123].length; w++) {
            assertEquals(states[123][w], loaded.read(64));
        }
    }

    @Test
    void encodingsOfDifferentLengthsAreDifferentStates() {
        StateStore store = new StateStore(new MemoryBound(Long.MAX_VALUE));
        StateBits shortOne = new StateBits();
        shortOne.write(5, 3);
        assertEquals(0, store.add(shortOne, StateStore.NONE, 0));
        assertEquals(1, store.add(bits(5L, 0L), 0, 0));
    }

    @Test
    void refusesToGrowPastItsMemoryBound() {
        StateStore store = new StateStore(new MemoryBound(1 << 20));
        int stored = 0;
        int result;
        do {
            result = store.add(bits(stored, stored * 31L), 0, 0);
            if (result >= 0) {
                stored++;
            }
        } while (result != StateStore.NONE);
        assertTrue(stored > 5_000, "stored " + stored);
        assertTrue(store.bytes() <= 1 << 20, "holds " + store.bytes() + " bytes");
        assertTrue(store.usedBytes() / stored < 40, "bytes per state " + store.usedBytes() / stored);
    }
}
