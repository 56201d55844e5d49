package io.fsmgen.web.diagram;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layout of a hierarchical machine, as UML and Harel draw one: each composite is a box around its children, laid
 * out inside it in layers from its initial child, which a dot and an arrow mark; a composite with history shows an
 * H (shallow) or H* (deep) circle, where history transitions end. Every level is laid out like a flat machine by
 * {@link LayeredLayout}, with each transition lifted to the children of that level that contain its ends, so a
 * composite is placed as one block among its siblings; then the boxes grow from the inside out.
 */
final class NestedLayout {

    static final double PADDING = 20;
    /** Above a composite's children: its name, then the initial dot and its arrow. */
    static final double HEADER = 56;
    static final double GAP_X = DiagramBuilder.COLUMN - DiagramBuilder.BOX_WIDTH;
    static final double GAP_Y = DiagramBuilder.ROW - DiagramBuilder.BOX_HEIGHT;
    /** A state that defers events shows them on a second line. */
    static final double TEXT_LINE = 14;
    static final double DOT = 10;
    static final double HISTORY = 22;
    /** Right of a composite with a self-transition: where its loop is drawn. */
    static final double LOOP_ROOM = 64;
    private static final double NAME_CHAR = 8.5;

    private final MachineModel model;
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    private final List<List<String>> pairs = new ArrayList<>();
    private final Map<String, Size> sizes = new LinkedHashMap<>();
    /** Per container: each child's centre, relative to where the container's children start. */
    private final Map<String, Map<String, double[]>> offsets = new LinkedHashMap<>();
    /** Per container: how wide its children are laid out. */
    private final Map<String, Double> widths = new LinkedHashMap<>();
    private final List<Diagram.Node> nodes = new ArrayList<>();
    /** Composites with a self-transition, which need room for the loop beside them. */
    private final Set<String> looped = new HashSet<>();

    private record Size(double width, double height) {}

    private NestedLayout(MachineModel model) {
        this.model = model;
        children.put(null, new ArrayList<>());
        for (MachineModel.State state : model.states()) {
            children.put(state.name(), new ArrayList<>());
        }
        for (MachineModel.State state : model.states()) {
            children.get(state.parent()).add(state.name());
        }
        for (MachineModel.Edge edge : model.edges()) {
            pairs.add(List.of(edge.from(), edge.to()));
            if (edge.from().equals(edge.to()) && !edge.history() && model.state(edge.from()).isComposite()) {
                looped.add(edge.from());
            }
        }
    }

    /**
     * The boxes of {@code model}: composites before what they contain, so that drawing them in order paints each
     * composite under its children; then the initial dots and history circles.
     */
    static List<Diagram.Node> of(MachineModel model) {
        NestedLayout layout = new NestedLayout(model);
        Size root = layout.measure(null);
        layout.place(null, DiagramBuilder.MARGIN, DiagramBuilder.MARGIN, root);
        return List.copyOf(layout.nodes);
    }

    /** Lays out the children of {@code container} (null: the top level) and returns the size they need. */
    private Size measure(String container) {
        List<String> inside = children.get(container);
        for (String child : inside) {
            sizes.put(child, children.get(child).isEmpty() ? leafSize(child) : boxAround(child, measure(child)));
        }
        String entry = container == null ? topLevelOf(model.initial()) : model.state(container).initial();
        List<List<String>> lifted = new ArrayList<>();
        for (List<String> pair : pairs) {
            String from = childContaining(container, pair.get(0));
            String to = childContaining(container, pair.get(1));
            if (from != null && to != null) {
                lifted.add(List.of(from, to));
            }
        }
        List<List<String>> layers = LayeredLayout.layers(inside, entry, lifted);
        double width = 0;
        for (List<String> layer : layers) {
            width = Math.max(width, rowWidth(layer));
        }
        Map<String, double[]> at = new LinkedHashMap<>();
        double y = 0;
        for (List<String> layer : layers) {
            double height = layer.stream().mapToDouble(s -> sizes.get(s).height()).max().orElse(0);
            double x = (width - rowWidth(layer)) / 2;
            for (String child : layer) {
                Size size = sizes.get(child);
                at.put(child, new double[] {x + size.width() / 2, y + height / 2});
                x += size.width() + GAP_X;
            }
            y += height + GAP_Y;
        }
        offsets.put(container, at);
        widths.put(container, width);
        return new Size(width, Math.max(0, y - GAP_Y));
    }

    private double rowWidth(List<String> layer) {
        return layer.stream().mapToDouble(s -> sizes.get(s).width()).sum() + GAP_X * Math.max(0, layer.size() - 1);
    }

    private Size leafSize(String state) {
        boolean defers = !model.state(state).defers().isEmpty();
        return new Size(Math.max(DiagramBuilder.BOX_WIDTH, state.length() * NAME_CHAR + 24),
                DiagramBuilder.BOX_HEIGHT + (defers ? TEXT_LINE : 0));
    }

    /** The room a composite takes among its siblings: its box, and the room for its loop if it has one. */
    private Size boxAround(String composite, Size content) {
        double title = composite.length() * NAME_CHAR + 2 * PADDING + HISTORY + 10;
        return new Size(Math.max(content.width(), title) + 2 * PADDING + (looped.contains(composite) ? LOOP_ROOM : 0),
                content.height() + HEADER + PADDING);
    }

    /** Places the children of {@code container}, whose content starts at ({@code left}, {@code top}). */
    private void place(String container, double left, double top, Size content) {
        Map<String, double[]> at = offsets.get(container);
        double shift = (content.width() - widths.get(container)) / 2; // a title wider than the children: centre them
        for (String child : children.get(container)) {
            double[] centre = at.get(child);
            Size room = sizes.get(child);
            double loop = looped.contains(child) ? LOOP_ROOM : 0;
            Size size = new Size(room.width() - loop, room.height());
            double x = left + shift + centre[0] - loop / 2;
            double y = top + centre[1];
            boolean composite = !children.get(child).isEmpty();
            MachineModel.State state = model.state(child);
            nodes.add(new Diagram.Node(child, child, x, y, size.width(), size.height(),
                    composite ? "composite" : "state", container,
                    state.defers().isEmpty() ? "" : "defers " + String.join(", ", state.defers())));
            if (composite) {
                double innerLeft = x - size.width() / 2 + PADDING;
                double innerTop = y - size.height() / 2 + HEADER;
                place(child, innerLeft, innerTop, new Size(size.width() - 2 * PADDING,
                        size.height() - HEADER - PADDING));
                if (!state.history().equals("NONE")) {
                    nodes.add(new Diagram.Node(child + "#H", child, x + size.width() / 2 - HISTORY / 2 - 8,
                            y - size.height() / 2 + HISTORY / 2 + 6, HISTORY, HISTORY, "history", child,
                            state.history().equals("DEEP") ? "H*" : "H"));
                }
            }
        }
        String initial = container == null ? topLevelOf(model.initial()) : model.state(container).initial();
        Diagram.Node target = nodes.stream().filter(n -> n.id().equals(initial)).findFirst().orElseThrow();
        nodes.add(new Diagram.Node((container == null ? "" : container) + "#init", container == null ? "" : container,
                target.x(), target.top() - 18, DOT, DOT, "initial", container, ""));
    }

    /** The child of {@code container} that is {@code state} or contains it; null if {@code state} is outside. */
    private String childContaining(String container, String state) {
        for (String s = state; s != null; s = model.state(s).parent()) {
            String parent = model.state(s).parent();
            if (container == null ? parent == null : container.equals(parent)) {
                return s;
            }
        }
        return null;
    }

    private String topLevelOf(String state) {
        List<String> ancestors = model.ancestors(state);
        return ancestors.isEmpty() ? state : ancestors.get(ancestors.size() - 1);
    }
}
