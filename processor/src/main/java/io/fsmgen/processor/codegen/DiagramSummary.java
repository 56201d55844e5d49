package io.fsmgen.processor.codegen;

import io.fsmgen.Diagrams;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which diagrams a machine gets ({@link Diagrams}), and the summary drawn for very large machines: one edge per pair
 * of states instead of one label per row, labelled with how many rows lead there; and past
 * {@value #MAX_SUMMARY_EDGES} such edges, only each state's {@value #TARGETS_PER_STATE} most frequent targets, the
 * rest counted in a comment. A 500-state machine then draws at most 1,500 edges; the Markdown table stays complete.
 */
final class DiagramSummary {

    static final int MAX_SUMMARY_EDGES = 2_000;
    static final int TARGETS_PER_STATE = 3;

    /** What to write for this model. */
    enum Kind { FULL, SUMMARY, NONE }

    private DiagramSummary() {}

    static Kind kind(MachineModel model) {
        return switch (model.diagrams()) {
            case FULL -> Kind.FULL;
            case SUMMARY -> Kind.SUMMARY;
            case NONE -> Kind.NONE;
            case AUTO -> externalRows(model) > Diagrams.SUMMARY_ABOVE_EDGES ? Kind.SUMMARY : Kind.FULL;
        };
    }

    /** The rows that change state: one label each in a full diagram. */
    static int externalRows(MachineModel model) {
        int rows = 0;
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    if (row.target().isPresent()) {
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /** A summarised diagram's edges: from, to and label, plus notes on what was left out. */
    record Summary(List<int[]> edges, List<String> labels, List<String> notes) {}

    static Summary summarise(MachineModel model) {
        int states = model.stateNames().size();
        List<int[]> edges = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Map<Integer, Integer>> counts = new ArrayList<>();
        int pairs = 0;
        for (StateModel state : model.states()) {
            Map<Integer, Integer> byTarget = new LinkedHashMap<>();
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    row.target().ifPresent(target -> byTarget.merge(target, 1, Integer::sum));
                }
            }
            counts.add(byTarget);
            pairs += byTarget.size();
        }
        boolean pruned = pairs > MAX_SUMMARY_EDGES;
        for (int from = 0; from < states; from++) {
            List<Map.Entry<Integer, Integer>> targets = new ArrayList<>(counts.get(from).entrySet());
            if (pruned) {
                targets.sort((a, b) -> b.getValue() - a.getValue());
                if (targets.size() > TARGETS_PER_STATE) {
                    int rows = targets.subList(TARGETS_PER_STATE, targets.size()).stream()
                            .mapToInt(Map.Entry::getValue).sum();
                    notes.add(model.stateNames().get(from) + ": " + (targets.size() - TARGETS_PER_STATE)
                            + " more targets (" + rows + " rows) not drawn");
                    targets = targets.subList(0, TARGETS_PER_STATE);
                }
            }
            for (Map.Entry<Integer, Integer> target : targets) {
                edges.add(new int[] {from, target.getKey()});
                labels.add(target.getValue() + (target.getValue() == 1 ? " row" : " rows"));
            }
        }
        return new Summary(edges, labels, notes);
    }
}
