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
        Map<String, List<String>> successors = new LinkedHashMap<>();
        Map<String, List<String>> predecessors = new LinkedHashMap<>();
        for (String state : model.stateNames()) {
            successors.put(state, new ArrayList<>());
            predecessors.put(state, new ArrayList<>());
        }
        for (MachineModel.Edge edge : model.edges()) {
            if (!edge.from().equals(edge.to())) {
                successors.get(edge.from()).add(edge.to());
                predecessors.get(edge.to()).add(edge.from());
            }
        }
        Map<String, Integer> layerOf = layers(model, successors);
        int layerCount = layerOf.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            layers.add(new ArrayList<>());
        }
        for (String state : model.stateNames()) {
            layers.get(layerOf.get(state)).add(state);
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

    private static Map<String, Integer> layers(MachineModel model, Map<String, List<String>> successors) {
        Map<String, Integer> layerOf = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        layerOf.put(model.initial(), 0);
        queue.add(model.initial());
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
        for (String state : model.stateNames()) {
            if (!layerOf.containsKey(state)) {
                layerOf.put(state, deepest + 1);
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
