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

    /** A box: {@code id} is the state's name, or {@code STATE@2} for a copy. */
    public record Node(String id, String state, double x, double y, double width, double height) {
        boolean contains(double px, double py, double margin) {
            return Math.abs(px - x) <= width / 2 + margin && Math.abs(py - y) <= height / 2 + margin;
        }
    }

    /**
     * A transition line.
     *
     * @param path   SVG path data, from the source box's border to the target box's border
     * @param label  the short label drawn beside it (its events)
     * @param labelAnchor where the label's point is on the text: "start", "middle" or "end" (SVG's text-anchor),
     *               chosen so that the text stands beside the line rather than across it
     * @param rows   every row it stands for, as the Mermaid diagram labels them, for the hover text
     * @param quiet  drawn faint until taken
     */
    public record Line(String from, String to, String fromNode, String toNode, String path, double labelX,
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
                    .name("w").value(round(node.width())).name("h").value(round(node.height())).endObject();
        }
        out.endArray().name("lines").beginArray();
        for (Line line : lines) {
            out.beginObject().field("from", line.from()).field("to", line.to())
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
