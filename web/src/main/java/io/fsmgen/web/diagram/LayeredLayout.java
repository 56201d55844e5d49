package io.fsmgen.web.diagram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The automatic layout for machines without a hint: states in layers by their distance from the initial state
 * (breadth first, so the happy path runs top to bottom), unreachable states in a last layer, and within a layer an
 * order that reduces crossings (a few sweeps of the barycenter heuristic, as in Sugiyama-style layouts). Layers are
 * centred, so the result is a grid of fractional columns that {@link DiagramBuilder} draws like a hint's grid.
 */
public final class LayeredLayout {

    private static final int SWEEPS = 4;

    private LayeredLayout() {}

    public static Map<String, LayoutHint.Cell> of(MachineModel model) {
        List<List<String>> pairs = new ArrayList<>();
        for (MachineModel.Edge edge : model.edges()) {
            pairs.add(List.of(edge.from(), edge.to()));
        }
        List<List<String>> layers = layers(model.stateNames(), model.initial(), pairs);
        int widest = layers.stream().mapToInt(List::size).max().orElse(1);
        Map<String, LayoutHint.Cell> grid = new LinkedHashMap<>();
        for (int row = 0; row < layers.size(); row++) {
            List<String> layer = layers.get(row);
            double offset = (widest - layer.size()) / 2.0;
            for (int i = 0; i < layer.size(); i++) {
                grid.put(layer.get(i), new LayoutHint.Cell(offset + i, row));
            }
        }
        return grid;
    }

    /**
     * Puts {@code nodes} in layers by their distance from {@code first} over the directed {@code pairs} (from, to;
     * pairs that name a node not in {@code nodes}, and self-loops, are ignored), unreachable nodes in a last layer,
     * each layer ordered to reduce crossings.
     */
    static List<List<String>> layers(List<String> nodes, String first, List<List<String>> pairs) {
        Map<String, List<String>> successors = new LinkedHashMap<>();
        Map<String, List<String>> predecessors = new LinkedHashMap<>();
        for (String node : nodes) {
            successors.put(node, new ArrayList<>());
            predecessors.put(node, new ArrayList<>());
        }
        for (List<String> pair : pairs) {
            String from = pair.get(0);
            String to = pair.get(1);
            if (!from.equals(to) && successors.containsKey(from) && successors.containsKey(to)) {
                successors.get(from).add(to);
                predecessors.get(to).add(from);
            }
        }
        Map<String, Integer> layerOf = layers(nodes, first, successors);
        int layerCount = layerOf.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            layers.add(new ArrayList<>());
        }
        for (String node : nodes) {
            layers.get(layerOf.get(node)).add(node);
        }
        Map<String, Double> position = new HashMap<>();
        layers.forEach(layer -> place(layer, position));
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int i = 1; i < layers.size(); i++) {
                reorder(layers.get(i), predecessors, position);
            }
            for (int i = layers.size() - 2; i >= 0; i--) {
                reorder(layers.get(i), successors, position);
            }
        }
        return layers;
    }

    private static Map<String, Integer> layers(List<String> nodes, String first,
            Map<String, List<String>> successors) {
        Map<String, Integer> layerOf = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        layerOf.put(first, 0);
        queue.add(first);
        int deepest = 0;
        while (!queue.isEmpty()) {
            String state = queue.poll();
            int next = layerOf.get(state) + 1;
            for (String successor : successors.get(state)) {
                if (!layerOf.containsKey(successor)) {
                    layerOf.put(successor, next);
                    deepest = Math.max(deepest, next);
                    queue.add(successor);
                }
            }
        }
        for (String node : nodes) {
            if (!layerOf.containsKey(node)) {
                layerOf.put(node, deepest + 1);
            }
        }
        return layerOf;
    }

    private static void place(List<String> layer, Map<String, Double> position) {
        for (int i = 0; i < layer.size(); i++) {
            position.put(layer.get(i), (double) i - (layer.size() - 1) / 2.0);
        }
    }

    private static void reorder(List<String> layer, Map<String, List<String>> neighbours,
            Map<String, Double> position) {
        Map<String, Double> barycenter = new HashMap<>();
        for (String state : layer) {
            List<String> around = neighbours.get(state);
            barycenter.put(state, around.isEmpty()
                    ? position.get(state)
                    : around.stream().mapToDouble(position::get).average().orElse(0));
        }
        layer.sort(Comparator.comparingDouble(barycenter::get)); // stable: ties keep declaration order
        place(layer, position);
    }
}
