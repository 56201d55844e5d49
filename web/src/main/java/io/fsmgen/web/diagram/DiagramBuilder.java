package io.fsmgen.web.diagram;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lays out a {@link MachineModel}: the hint's grid when there is one that places every state, otherwise
 * {@link LayeredLayout}; then each transition becomes a straight line, or a quadratic curve bent just enough to
 * clear the other boxes and to keep the two directions between one pair of states apart.
 */
public final class DiagramBuilder {

    static final double COLUMN = 250;
    static final double ROW = 100;
    static final double BOX_WIDTH = 138;
    static final double BOX_HEIGHT = 40;
    static final double MARGIN = 60;
    private static final double CLEARANCE = 6;
    private static final double[] BENDS = {0, 40, -40, 80, -80, 120, -120, 170, -170, 230, -230};
    private static final int LABEL_EVENTS = 3;

    private DiagramBuilder() {}

    public static Diagram build(MachineModel model, Optional<LayoutHint> hint) {
        if (model.isHierarchical()) {
            return draw(model, NestedLayout.of(model), Optional.empty(), "nested");
        }
        Optional<LayoutHint> usable = hint.filter(h -> h.covers(model.stateNames()));
        Map<String, LayoutHint.Cell> grid = usable.map(LayoutHint::grid).orElseGet(() -> LayeredLayout.of(model));
        List<LayoutHint.Copy> copies = usable.map(LayoutHint::copies).orElse(List.of());
        List<Diagram.Node> nodes = new ArrayList<>();
        for (String state : model.stateNames()) {
            nodes.add(node(state, state, grid.get(state)));
        }
        for (int i = 0; i < copies.size(); i++) {
            LayoutHint.Copy copy = copies.get(i);
            String id = copy.state() + "@" + (i + 2);
            nodes.add(node(id, copy.state(), copy.at()));
        }
        return draw(model, nodes, usable, usable.isPresent() ? "hint" : "layers");
    }

    /** Draws every edge of {@code model} between boxes already placed. */
    private static Diagram draw(MachineModel model, List<Diagram.Node> placed, Optional<LayoutHint> hint,
            String laidOutBy) {
        Map<String, Diagram.Node> nodes = new LinkedHashMap<>();
        placed.forEach(node -> nodes.put(node.id(), node));
        Map<String, LayoutHint.Cell> grid = hint.map(LayoutHint::grid).orElse(Map.of());
        List<LayoutHint.Copy> copies = hint.map(LayoutHint::copies).orElse(List.of());
        Set<String> quiet = hint.map(LayoutHint::quiet).orElse(Set.of());
        double width = nodes.values().stream().mapToDouble(Diagram.Node::right).max().orElse(0) + MARGIN;
        double height = nodes.values().stream().mapToDouble(Diagram.Node::bottom).max().orElse(0) + MARGIN;

        List<MachineModel.Edge> edges = model.edges();
        Map<MachineModel.Edge, String> targets = new LinkedHashMap<>();
        for (MachineModel.Edge edge : edges) {
            boolean intoHistory = edge.history() && nodes.containsKey(edge.to() + "#H");
            targets.put(edge, intoHistory ? edge.to() + "#H" : targetNode(edge, grid, copies));
        }
        Set<String> pairs = new HashSet<>();
        edges.forEach(edge -> pairs.add(edge.from() + ">" + edge.to()));
        List<Diagram.Line> lines = new ArrayList<>();
        for (Diagram.Node dot : nodes.values()) {
            if (dot.kind().equals("initial")) {
                Diagram.Node child = nodes.get(initialOf(model, dot.state()));
                String path = format("M%.1f,%.1f L%.1f,%.1f", dot.x(), dot.bottom(), child.x(), child.top());
                lines.add(new Diagram.Line(dot.id() + ">" + child.id(), dot.state(), child.state(), dot.id(),
                        child.id(), path, dot.x(), dot.y(), "middle", "", List.of(), List.of(), false));
            }
        }
        for (MachineModel.Edge edge : edges) {
            Diagram.Node from = nodes.get(edge.from());
            Diagram.Node to = nodes.get(targets.get(edge));
            boolean isQuiet = !quiet.isEmpty() && quiet.containsAll(edge.events());
            List<String> events = edge.events();
            String label = events.size() <= LABEL_EVENTS ? String.join(", ", events)
                    : String.join(", ", events.subList(0, LABEL_EVENTS - 1)) + ", +" + (events.size() - LABEL_EVENTS + 1);
            List<String> rows = edge.rows().stream().map(MachineModel.Row::label).toList();
            if (from == to) {
                // A composite's loop goes right, where NestedLayout left room for it; no loop in a nested diagram goes
                // up, where the names of composites and the initial dots are.
                int side = from.kind().equals("composite") ? 0
                        : freeSide(from, edges, nodes, targets, laidOutBy.equals("nested") ? 3 : 4);
                lines.add(selfLoop(edge, from, side, label, rows, isQuiet));
            } else if (inside(to, from, nodes) || inside(from, to, nodes)) {
                lines.add(Nesting.line(edge, from, to, nodes, label, rows, isQuiet));
            } else {
                boolean opposed = pairs.contains(edge.to() + ">" + edge.from());
                lines.add(line(edge, from, to, obstacles(from, to, nodes), opposed, label, rows, isQuiet));
            }
        }
        return new Diagram(width, height, List.copyOf(nodes.values()), lines, laidOutBy);
    }

    /** The state a composite's initial dot points at ("" stands for the whole machine). */
    private static String initialOf(MachineModel model, String container) {
        if (!container.isEmpty()) {
            return model.state(container).initial();
        }
        List<String> around = model.ancestors(model.initial());
        return around.isEmpty() ? model.initial() : around.get(around.size() - 1);
    }

    /** Whether {@code node} is drawn inside {@code outer} (at any depth). */
    static boolean inside(Diagram.Node node, Diagram.Node outer, Map<String, Diagram.Node> nodes) {
        for (String parent = node.parent(); parent != null; parent = nodes.get(parent).parent()) {
            if (parent.equals(outer.id())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The boxes a line between {@code from} and {@code to} must keep clear of: all but its ends, the composites it
     * starts or ends inside (it crosses their borders on purpose), and what is inside its ends.
     */
    private static List<Diagram.Node> obstacles(Diagram.Node from, Diagram.Node to, Map<String, Diagram.Node> nodes) {
        List<Diagram.Node> obstacles = new ArrayList<>();
        for (Diagram.Node node : nodes.values()) {
            if (node != from && node != to && !inside(from, node, nodes) && !inside(to, node, nodes)
                    && !inside(node, from, nodes) && !inside(node, to, nodes)) {
                obstacles.add(node);
            }
        }
        return obstacles;
    }

    private static String targetNode(MachineModel.Edge edge, Map<String, LayoutHint.Cell> grid,
            List<LayoutHint.Copy> copies) {
        for (int i = 0; i < copies.size(); i++) {
            LayoutHint.Copy copy = copies.get(i);
            if (copy.state().equals(edge.to()) && grid.get(edge.from()).row() >= copy.incomingFromRow()) {
                return copy.state() + "@" + (i + 2);
            }
        }
        return edge.to();
    }

    private static Diagram.Node node(String id, String state, LayoutHint.Cell cell) {
        return new Diagram.Node(id, state, MARGIN + BOX_WIDTH / 2 + cell.column() * COLUMN,
                MARGIN + BOX_HEIGHT / 2 + cell.row() * ROW, BOX_WIDTH, BOX_HEIGHT);
    }

    /**
     * The side of {@code node} (0 right, 1 bottom, 2 left, 3 top; the first {@code sides} of them) farthest, in
     * angle, from every line that touches it: where its self-loop is drawn.
     */
    private static int freeSide(Diagram.Node node, List<MachineModel.Edge> edges, Map<String, Diagram.Node> nodes,
            Map<MachineModel.Edge, String> targets, int sides) {
        List<Double> angles = new ArrayList<>();
        for (MachineModel.Edge edge : edges) {
            Diagram.Node from = nodes.get(edge.from());
            Diagram.Node to = nodes.get(targets.get(edge));
            if (from == to) {
                continue;
            }
            Diagram.Node other = from == node ? to : to == node ? from : null;
            if (other != null) {
                angles.add(Math.atan2(other.y() - node.y(), other.x() - node.x()));
            }
        }
        int best = 0;
        double bestDistance = -1;
        for (int side = 0; side < sides; side++) {
            double direction = side * Math.PI / 2;
            double nearest = Math.PI;
            for (double angle : angles) {
                double difference = Math.abs(Math.IEEEremainder(angle - direction, 2 * Math.PI));
                nearest = Math.min(nearest, difference);
            }
            if (nearest > bestDistance + 1e-9) {
                bestDistance = nearest;
                best = side;
            }
        }
        return best;
    }

    private static Diagram.Line selfLoop(MachineModel.Edge edge, Diagram.Node node, int side, String label,
            List<String> rows, boolean quiet) {
        double x = node.x();
        double y = node.y();
        double halfWidth = node.width() / 2;
        double halfHeight = node.height() / 2;
        String path;
        double labelX;
        double labelY;
        String anchor;
        switch (side) {
            case 0, 2 -> {
                double sign = side == 0 ? 1 : -1;
                double edgeX = x + sign * halfWidth;
                path = format("M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", edgeX, y - 10, edgeX + sign * 55, y - 30,
                        edgeX + sign * 55, y + 30, edgeX, y + 10);
                labelX = edgeX + sign * 46;
                labelY = y + 4;
                anchor = side == 0 ? "start" : "end";
            }
            default -> {
                double sign = side == 1 ? 1 : -1;
                double edgeY = y + sign * halfHeight;
                path = format("M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x - 15, edgeY, x - 38, edgeY + sign * 50,
                        x + 38, edgeY + sign * 50, x + 15, edgeY);
                labelX = x;
                labelY = edgeY + sign * 50 + (side == 1 ? 10 : -4);
                anchor = "middle";
            }
        }
        return new Diagram.Line(edge.id(), edge.from(), edge.to(), node.id(), node.id(), path, labelX, labelY, anchor,
                label, edge.events(), rows, quiet);
    }

    static String format(String pattern, Object... values) {
        return String.format(java.util.Locale.ROOT, pattern, values);
    }

    private static Diagram.Line line(MachineModel.Edge edge, Diagram.Node from, Diagram.Node to,
            Iterable<Diagram.Node> obstacles, boolean opposed, String label, List<String> rows, boolean quiet) {
        Curve visible = null;
        for (double bend : BENDS) {
            // Two directions between one pair: each bends to its own left, so they never coincide.
            visible = Curve.visible(from, to, opposed ? 22 + Math.abs(bend) : bend);
            if (clear(visible, obstacles)) {
                break;
            }
        }
        double[] middle = visible.at(0.5);
        double[] normal = visible.normal();
        // Beside the line, on the side it bends to: a mostly vertical line gets its label left or right of it.
        String anchor = normal[0] > 0.45 ? "start" : normal[0] < -0.45 ? "end" : "middle";
        double labelX = middle[0] + normal[0] * 6;
        double labelY = middle[1] + normal[1] * 8 + (normal[1] > 0.45 ? 8 : 3);
        return new Diagram.Line(edge.id(), edge.from(), edge.to(), from.id(), to.id(), visible.svg(), labelX, labelY,
                anchor, label, edge.events(), rows, quiet);
    }

    /** Whether the drawn part of a line keeps clear of every obstacle. */
    private static boolean clear(Curve curve, Iterable<Diagram.Node> obstacles) {
        for (Diagram.Node other : obstacles) {
            for (int i = 0; i <= 64; i++) {
                double[] p = curve.at(i / 64.0);
                if (other.contains(p[0], p[1], CLEARANCE)) {
                    return false;
                }
            }
        }
        return true;
    }
}
