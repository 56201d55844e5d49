package io.fsmgen.web.inspect;

import io.fsmgen.web.diagram.MachineModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What hovering a state of an inspected machine says, from the machine's model: where it sits, what a composite
 * contains and remembers, its entry and exit actions, its timeouts, the events it defers and the events it handles
 * without leaving (internal rows, which the diagram has no line for).
 */
final class StateNotes {

    private StateNotes() {}

    static Map<String, String> of(MachineModel model) {
        Map<String, String> notes = new LinkedHashMap<>();
        for (MachineModel.State state : model.states()) {
            notes.put(state.name(), describe(model, state));
        }
        return notes;
    }

    private static String describe(MachineModel model, MachineModel.State state) {
        List<String> sentences = new ArrayList<>();
        String what = state.isComposite() ? "Composite state" : "State";
        sentences.add(what + " " + state.name() + " of " + model.name()
                + (state.name().equals(model.initial()) ? ", where it starts" : "")
                + (state.parent() != null ? ", inside " + state.parent() : "") + ".");
        if (state.isComposite()) {
            List<String> children = model.states().stream().filter(s -> state.name().equals(s.parent()))
                    .map(MachineModel.State::name).toList();
            sentences.add("Contains " + String.join(", ", children) + "; entering it enters " + state.initial() + ".");
            switch (state.history()) {
                case "SHALLOW" -> sentences.add("Its history (H) re-enters the child it was last in.");
                case "DEEP" -> sentences.add("Its deep history (H*) re-enters the innermost state it was last in.");
                default -> { }
            }
        }
        if (state.isFinal()) {
            sentences.add("A final state.");
        }
        list(sentences, "On entry", state.entry());
        list(sentences, "On exit", state.exit());
        list(sentences, "Timeouts fire", state.timeoutEvents());
        list(sentences, "Defers", state.defers());
        List<String> internal = model.rows().stream()
                .filter(r -> r.to() == null && state.name().equals(model.drawnFrom(r)))
                .map(MachineModel.Row::label).distinct().toList();
        list(sentences, "Handled without leaving it", internal);
        return String.join(" ", sentences);
    }

    private static void list(List<String> sentences, String title, List<String> items) {
        if (!items.isEmpty()) {
            sentences.add(title + ": " + String.join(", ", items) + ".");
        }
    }
}
