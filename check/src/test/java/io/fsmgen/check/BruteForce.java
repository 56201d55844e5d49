package io.fsmgen.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An enumeration of a closed system's reachable states that shares nothing with the {@link Explorer} but the
 * system's moves: no bit encoding, no decoding, no visited set of words. Each state is identified by a description
 * the caller builds from the machines' and models' own accessors, and reached by taking its path again on a fresh
 * system, from the start. Slow (every successor replays its whole path) but obviously right, for small systems.
 */
public final class BruteForce {

    private BruteForce() {}

    /** The number of distinct states {@code describe} tells apart, reachable from the initial one. */
    public static int count(Supplier<ClosedSystem> factory, Function<ClosedSystem, String> describe) {
        Map<String, List<Integer>> seen = new HashMap<>();
        ArrayDeque<List<Integer>> queue = new ArrayDeque<>();
        seen.put(describe.apply(factory.get()), List.of());
        queue.add(List.of());
        int moves = factory.get().moves().size();
        while (!queue.isEmpty()) {
            List<Integer> path = queue.poll();
            for (int m = 0; m < moves; m++) {
                ClosedSystem system = factory.get();
                for (int step : path) {
                    system.moves().get(step).apply();
                }
                Move move = system.moves().get(m);
                if (!move.enabled()) {
                    continue;
                }
                system.beginStep();
                try {
                    move.apply();
                } catch (RuntimeException beyondBoundsOrFailed) {
                    continue; // the explorer stores no successor for these either
                }
                if (system.overflowed()) {
                    continue;
                }
                String state = describe.apply(system);
                if (!seen.containsKey(state)) {
                    List<Integer> longer = new ArrayList<>(path);
                    longer.add(m);
                    seen.put(state, longer);
                    queue.add(longer);
                }
            }
        }
        return seen.size();
    }
}
