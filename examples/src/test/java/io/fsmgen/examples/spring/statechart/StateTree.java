package io.fsmgen.examples.spring.statechart;

import io.fsmgen.History;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The state tree both random generators draw first, {@link RandomStatechart} for the comparison with Spring and
 * {@link FreeStatechart} for {@link UmlReference}: two or three top-level states, every other state under an earlier
 * one, four levels at most, and for each composite an initial child and a history kind of any sort (each generator
 * then narrows what it must). One draw, in one order, so that a seed keeps its machine in both.
 *
 * @param topLevel how many states are top-level: the first ones
 * @param parent each state's parent, -1 for a top-level state
 * @param initialChild each composite's initial child, -1 for a leaf
 * @param history each composite's history, {@link History#NONE} for a leaf
 */
record StateTree(int topLevel, int[] parent, int[] initialChild, History[] history) {

    static StateTree draw(SplittableRandom random, int states) {
        int[] parent = new int[states];
        int[] depth = new int[states];
        int topLevel = 2 + random.nextInt(2);
        for (int s = 0; s < states; s++) {
            if (s < topLevel) {
                parent[s] = -1;
                depth[s] = 1;
            } else {
                int p;
                do {
                    p = random.nextInt(s);
                } while (depth[p] >= 4);
                parent[s] = p;
                depth[s] = depth[p] + 1;
            }
        }
        int[] initialChild = new int[states];
        History[] history = new History[states];
        for (int s = 0; s < states; s++) {
            List<Integer> children = children(parent, s);
            initialChild[s] = children.isEmpty() ? -1 : children.get(random.nextInt(children.size()));
            history[s] = children.isEmpty() ? History.NONE : History.values()[random.nextInt(3)];
        }
        return new StateTree(topLevel, parent, initialChild, history);
    }

    /** The states whose parent is {@code state} in the tree {@code parent} describes, in order. */
    static List<Integer> children(int[] parent, int state) {
        List<Integer> children = new ArrayList<>();
        for (int s = 0; s < parent.length; s++) {
            if (parent[s] == state) {
                children.add(s);
            }
        }
        return children;
    }
}
