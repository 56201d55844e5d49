package io.fsmgen.web.diagram;

import io.fsmgen.web.json.JsonOut;
import java.util.List;

/**
 * A machine's state diagram, laid out: boxes with their centres and sizes, and transitions as SVG paths. The page
 * only draws what this says, so the layout is tested here, in Java.
 *
 * @param width  the drawing's width, in SVG user units
 * @param height its height
 * @param nodes  one box per state, plus the copies a hint asks for
 * @param lines  one line per (from, to) pair of states that some row connects
 * @param laidOutBy "hint" when a layout hint placed the states, "layers" for the automatic layout
 */
public record Diagram(double width, double height, List<Node> nodes, List<Line> lines, String laidOutBy) {

    public Diagram {
        nodes = List.copyOf(nodes);
        lines = List.copyOf(lines);
    }

    /**
     * A box: {@code id} is the state's name, or {@code STATE@2} for a copy; {@code COMPOSITE#init} and
     * {@code COMPOSITE#H} for the marks drawn inside a composite (UML's initial dot and history circle).
     *
     * @param kind   what is drawn: a leaf "state", a "composite" that contains other boxes, the "initial" dot of a
     *               composite (or of the whole machine, with {@code state} its initial state's container, "" at
     *               the top), or the "history" circle of a composite
     * @param parent the node of the composite this one is drawn inside; null at the top
     * @param text   the second line of a state (the events it defers), or "H"/"H*" for a history circle; "" if none
     */
    public record Node(String id, String state, double x, double y, double width, double height, String kind,
            String parent, String text) {

        /** A state of a flat machine. */
        public Node(String id, String state, double x, double y, double width, double height) {
            this(id, state, x, y, width, height, "state", null, "");
        }

        boolean contains(double px, double py, double margin) {
            return Math.abs(px - x) <= width / 2 + margin && Math.abs(py - y) <= height / 2 + margin;
        }

        double left() {
            return x - width / 2;
        }

        double right() {
            return x + width / 2;
        }

        double top() {
            return y - height / 2;
        }

        double bottom() {
            return y + height / 2;
        }
    }

    /**
     * A transition line.
     *
     * @param id     how the page finds the line to flash: "FROM>TO" (see {@link MachineModel.Edge#id}), or
     *               "COMPOSITE#init>CHILD" for the arrow from a composite's initial dot
     * @param path   SVG path data, from the source box's border to the target box's border
     * @param label  the short label drawn beside it (its events)
     * @param labelAnchor where the label's point is on the text: "start", "middle" or "end" (SVG's text-anchor),
     *               chosen so that the text stands beside the line rather than across it
     * @param rows   every row it stands for, as the Mermaid diagram labels them, for the hover text
     * @param quiet  drawn faint until taken
     */
    public record Line(String id, String from, String to, String fromNode, String toNode, String path, double labelX,
            double labelY, String labelAnchor, String label, List<String> events, List<String> rows, boolean quiet) {
        public Line {
            events = List.copyOf(events);
            rows = List.copyOf(rows);
        }
    }

    public void write(JsonOut out) {
        out.beginObject().name("width").value(round(width)).name("height").value(round(height))
                .field("laidOutBy", laidOutBy);
        out.name("nodes").beginArray();
        for (Node node : nodes) {
            out.beginObject().field("id", node.id()).field("state", node.state())
                    .name("x").value(round(node.x())).name("y").value(round(node.y()))
                    .name("w").value(round(node.width())).name("h").value(round(node.height()))
                    .field("kind", node.kind()).field("parent", node.parent()).field("text", node.text())
                    .endObject();
        }
        out.endArray().name("lines").beginArray();
        for (Line line : lines) {
            out.beginObject().field("id", line.id()).field("from", line.from()).field("to", line.to())
                    .field("fromNode", line.fromNode()).field("toNode", line.toNode())
                    .field("path", line.path())
                    .name("labelX").value(round(line.labelX())).name("labelY").value(round(line.labelY()))
                    .field("labelAnchor", line.labelAnchor()).field("label", line.label())
                    .field("quiet", line.quiet());
            out.name("events").beginArray();
            line.events().forEach(out::value);
            out.endArray().name("rows").beginArray();
            line.rows().forEach(out::value);
            out.endArray().endObject();
        }
        out.endArray().endObject();
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
