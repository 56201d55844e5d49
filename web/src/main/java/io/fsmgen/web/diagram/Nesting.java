package io.fsmgen.web.diagram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A line between a composite and a state inside it: a local transition from the composite to one of its
 * descendants, or a transition from a descendant back to the composite (which leaves and re-enters it). A curve
 * between the two boxes' centres would start inside the composite, so this one is a straight segment between the
 * composite's border and the inner box, on the side (left, right or bottom: the top holds the name) where it is
 * shortest and crosses no other box inside the composite.
 */
final class Nesting {

    private Nesting() {}

    static Diagram.Line line(MachineModel.Edge edge, Diagram.Node from, Diagram.Node to,
            Map<String, Diagram.Node> nodes, String label, List<String> rows, boolean quiet) {
        boolean inward = DiagramBuilder.inside(to, from, nodes);
        Diagram.Node outer = inward ? from : to;
        Diagram.Node inner = inward ? to : from;
        List<Diagram.Node> obstacles = new ArrayList<>();
        for (Diagram.Node node : nodes.values()) {
            if (node != inner && DiagramBuilder.inside(node, outer, nodes) && !DiagramBuilder.inside(inner, node, nodes)
                    && !DiagramBuilder.inside(node, inner, nodes)) {
                obstacles.add(node);
            }
        }
        double[][] sides = {
            {outer.left(), inner.y(), inner.left(), inner.y()},
            {outer.right(), inner.y(), inner.right(), inner.y()},
            {inner.x(), outer.bottom(), inner.x(), inner.bottom()},
        };
        double[] best = null;
        boolean bestClear = false;
        for (double[] side : sides) {
            boolean clear = clear(side, obstacles);
            double length = Math.hypot(side[2] - side[0], side[3] - side[1]);
            if (best == null || (clear && !bestClear)
                    || (clear == bestClear && length < Math.hypot(best[2] - best[0], best[3] - best[1]))) {
                best = side;
                bestClear = clear;
            }
        }
        double[] segment = inward ? best : new double[] {best[2], best[3], best[0], best[1]};
        String path = DiagramBuilder.format("M%.1f,%.1f L%.1f,%.1f", segment[0], segment[1], segment[2], segment[3]);
        boolean vertical = segment[0] == segment[2];
        double labelX = (segment[0] + segment[2]) / 2 + (vertical ? 6 : 0);
        double labelY = (segment[1] + segment[3]) / 2 + (vertical ? 4 : -5);
        return new Diagram.Line(edge.id(), edge.from(), edge.to(), from.id(), to.id(), path, labelX, labelY,
                vertical ? "start" : "middle", label, edge.events(), rows, quiet);
    }

    private static boolean clear(double[] segment, List<Diagram.Node> obstacles) {
        for (Diagram.Node node : obstacles) {
            for (int i = 0; i <= 32; i++) {
                double t = i / 32.0;
                if (node.contains(segment[0] + t * (segment[2] - segment[0]), segment[1] + t * (segment[3] - segment[1]),
                        0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
