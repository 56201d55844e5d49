package io.fsmgen.web.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.web.inspect.PlayerMachine;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The diagram is laid out in Java, so what a reader sees of its geometry is tested here. */
class DiagramBuilderTest {

    private static final Pattern PATH = Pattern.compile(
            "M([-\\d.]+),([-\\d.]+) (?:L([-\\d.]+),([-\\d.]+)|Q([-\\d.]+),([-\\d.]+) ([-\\d.]+),([-\\d.]+))");

    @Test
    void theTcpMachineIsLaidOutLikeRfc9293Figure5() {
        MachineModel model = ModelLoader.load(TcpMachine.class);
        Diagram diagram = DiagramBuilder.build(model, ModelLoader.hint(ModelLoader.loaderOf(TcpMachine.class),
                model.stateType()));
        assertEquals("hint", diagram.laidOutBy());
        Map<String, Diagram.Node> at = diagram.nodes().stream()
                .collect(Collectors.toMap(Diagram.Node::id, Function.identity()));
        Diagram.Node established = at.get("ESTABLISHED");
        // The handshake above ESTABLISHED, the passive side on the left, the active side on the right.
        assertTrue(at.get("CLOSED").y() < at.get("LISTEN").y() && at.get("LISTEN").y() < established.y());
        assertTrue(at.get("SYN_RECEIVED").x() < established.x() && at.get("SYN_SENT").x() > established.x());
        assertTrue(at.get("SYN_RECEIVED").y() < established.y() && at.get("SYN_SENT").y() < established.y());
        // The active close below on the left, the passive close on the right, TIME_WAIT at the bottom.
        for (String active : List.of("FIN_WAIT_1", "FIN_WAIT_2")) {
            assertTrue(at.get(active).x() < established.x() && at.get(active).y() > established.y(), active);
        }
        for (String passive : List.of("CLOSE_WAIT", "LAST_ACK")) {
            assertTrue(at.get(passive).x() > established.x() && at.get(passive).y() > established.y(), passive);
        }
        double lowest = diagram.nodes().stream().mapToDouble(Diagram.Node::y).max().orElseThrow();
        assertEquals(lowest, at.get("TIME_WAIT").y());
        assertEquals("CLOSED", at.get("CLOSED@2").state(), "CLOSED drawn again at the bottom, as in the figure");
        assertEquals("CLOSED@2", line(diagram, "TIME_WAIT", "CLOSED").toNode());
        assertEquals("CLOSED", line(diagram, "LISTEN", "CLOSED").toNode());
    }

    @Test
    void everyStateChangeOfTheModelIsOneLineThatCrossesNoOtherBox() {
        MachineModel model = ModelLoader.load(TcpMachine.class);
        Diagram diagram = DiagramBuilder.build(model, ModelLoader.hint(ModelLoader.loaderOf(TcpMachine.class),
                model.stateType()));
        Set<String> drawn = new HashSet<>();
        for (Diagram.Line line : diagram.lines()) {
            assertTrue(drawn.add(line.from() + ">" + line.to()), "drawn twice: " + line);
            if (!line.from().equals(line.to())) {
                assertCrossesNoOtherBox(diagram, line);
            }
        }
        Set<String> modelled = model.rows().stream().filter(r -> r.to() != null).map(r -> r.from() + ">" + r.to())
                .collect(Collectors.toSet());
        assertEquals(modelled, drawn);
        Diagram.Line finWait1 = line(diagram, "ESTABLISHED", "FIN_WAIT_1");
        assertEquals(List.of("CLOSE"), finWait1.events());
        assertFalse(finWait1.quiet());
        assertTrue(line(diagram, "FIN_WAIT_2", "CLOSED").quiet(), "an abort-only line is drawn faint");
    }

    @Test
    void machinesWithoutAHintAreLaidOutInLayersFromTheInitialState() {
        MachineModel model = ModelLoader.load(TcpMachine.class);
        Diagram diagram = DiagramBuilder.build(model, Optional.empty());
        assertEquals("layers", diagram.laidOutBy());
        Map<String, Diagram.Node> at = diagram.nodes().stream()
                .collect(Collectors.toMap(Diagram.Node::id, Function.identity()));
        double top = diagram.nodes().stream().mapToDouble(Diagram.Node::y).min().orElseThrow();
        assertEquals(top, at.get("CLOSED").y(), "the initial state on top");
        assertTrue(at.get("LISTEN").y() > top && at.get("SYN_SENT").y() > top);
        assertTrue(at.get("TIME_WAIT").y() > at.get("ESTABLISHED").y());
        for (Diagram.Node a : diagram.nodes()) {
            for (Diagram.Node b : diagram.nodes()) {
                assertTrue(a == b || !a.contains(b.x(), b.y(), a.height() / 2), a.id() + " overlaps " + b.id());
            }
        }
        assertEquals(model.states().size(), diagram.nodes().size());
    }

    @Test
    void aHierarchicalMachineIsDrawnWithEachCompositeAroundItsChildren() {
        MachineModel model = ModelLoader.load(PlayerMachine.class);
        Diagram diagram = DiagramBuilder.build(model, Optional.empty());
        assertEquals("nested", diagram.laidOutBy());
        Map<String, Diagram.Node> at = diagram.nodes().stream()
                .collect(Collectors.toMap(Diagram.Node::id, Function.identity()));
        assertEquals("composite", at.get("ON").kind());
        assertEquals("composite", at.get("SESSION").kind());
        assertEquals("state", at.get("PLAYING").kind());
        for (MachineModel.State state : model.states()) {
            Diagram.Node node = at.get(state.name());
            assertEquals(state.parent(), node.parent(), state.name());
            if (state.parent() != null) {
                Diagram.Node parent = at.get(state.parent());
                assertTrue(parent.left() < node.left() && node.right() < parent.right() && parent.top() < node.top()
                        && node.bottom() < parent.bottom(), state.name() + " is drawn inside " + state.parent());
            }
        }
        // Boxes of one level never overlap.
        for (Diagram.Node a : diagram.nodes()) {
            for (Diagram.Node b : diagram.nodes()) {
                if (a != b && java.util.Objects.equals(a.parent(), b.parent()) && !a.kind().equals("initial")
                        && !b.kind().equals("initial") && !a.kind().equals("history") && !b.kind().equals("history")) {
                    assertFalse(a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom()
                            && b.top() < a.bottom(), a.id() + " overlaps " + b.id());
                }
            }
        }
        // UML's marks: an initial dot per composite (and the machine), pointing at its initial child; H for history.
        assertEquals("initial", at.get("ON#init").kind());
        assertEquals("IDLE", line(diagram, "ON#init>IDLE").toNode());
        assertEquals("BUFFERING", line(diagram, "SESSION#init>BUFFERING").toNode());
        assertEquals("OFF", line(diagram, "#init>OFF").toNode());
        assertEquals("H", at.get("ON#H").text());
        assertEquals("defers PAUSE", at.get("BUFFERING").text());

        // A row declared on a composite is one line from the composite, not one per state inside it.
        Diagram.Line power = line(diagram, "ON>OFF");
        assertEquals("ON", power.fromNode());
        assertEquals(List.of("POWER"), power.events());
        assertEquals(1, diagram.lines().stream().filter(l -> l.to().equals("OFF") && !l.rows().isEmpty()).count(),
                "one transition line into OFF");
        assertEquals("ON#H", line(diagram, "OFF>ON(H)").toNode(), "a history entry ends at the H circle");
        assertEquals(List.of("SEEK (local)"), line(diagram, "SESSION>BUFFERING").rows());
        assertEquals("SESSION", line(diagram, "IDLE>SESSION").toNode(), "entering a composite ends at its border");
        for (Diagram.Line line : diagram.lines()) {
            if (!line.fromNode().equals(line.toNode())) {
                assertCrossesNoOtherBox(diagram, line);
            }
        }
        // A composite's self-transition loops beside it, inside the composite around it, in the room left for it.
        Diagram.Line reload = line(diagram, "SESSION>SESSION");
        Matcher numbers = Pattern.compile("(-?[\\d.]+),(-?[\\d.]+)").matcher(reload.path());
        while (numbers.find()) {
            double x = Double.parseDouble(numbers.group(1));
            double y = Double.parseDouble(numbers.group(2));
            assertTrue(at.get("ON").contains(x, y, 0) && x >= at.get("SESSION").right(), "the loop at " + x + "," + y);
        }
        // What the page flashes for a transition a listener hears between leaves.
        assertEquals(Optional.of("ON>OFF"), model.edgeOf("PAUSED", "POWER", "OFF"));
        assertEquals(Optional.of("OFF>ON(H)"), model.edgeOf("OFF", "POWER", "BUFFERING"));
        assertEquals(Optional.of("IDLE>SESSION"), model.edgeOf("IDLE", "LOAD", "BUFFERING"));
        assertEquals(Optional.empty(), model.edgeOf("PLAYING", "VOLUME", "PLAYING"), "internal: no line");
    }

    @Test
    void aHintThatMissesAStateIsNotUsed() {
        MachineModel model = ModelLoader.load(TcpMachine.class);
        LayoutHint partial = LayoutHint.parse("{\"grid\": {\"CLOSED\": [0, 0]}}", "partial.json");
        assertEquals("layers", DiagramBuilder.build(model, Optional.of(partial)).laidOutBy());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LayoutHint.parse("{\"grid\": {\"CLOSED\": [0]}}", "bad.json"));
        assertEquals("bad.json: CLOSED should be [column, row], not [0]", bad.getMessage());
    }

    @Test
    void aClassWithoutAModelIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelLoader.load(String.class));
        assertTrue(e.getMessage().startsWith("java.lang.String has no model (META-INF/fsmgen/java.lang.String.json"),
                e.getMessage());
    }

    private static Diagram.Line line(Diagram diagram, String id) {
        return diagram.lines().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + id));
    }

    private static Diagram.Line line(Diagram diagram, String from, String to) {
        return diagram.lines().stream().filter(l -> l.from().equals(from) && l.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + from + " -> " + to));
    }

    private static void assertCrossesNoOtherBox(Diagram diagram, Diagram.Line line) {
        Matcher m = PATH.matcher(line.path());
        assertTrue(m.matches(), line.path());
        double x0 = Double.parseDouble(m.group(1));
        double y0 = Double.parseDouble(m.group(2));
        boolean curved = m.group(3) == null;
        double cx = curved ? Double.parseDouble(m.group(5)) : 0;
        double cy = curved ? Double.parseDouble(m.group(6)) : 0;
        double x1 = Double.parseDouble(curved ? m.group(7) : m.group(3));
        double y1 = Double.parseDouble(curved ? m.group(8) : m.group(4));
        Map<String, Diagram.Node> nodes = diagram.nodes().stream()
                .collect(Collectors.toMap(Diagram.Node::id, Function.identity()));
        Diagram.Node from = nodes.get(line.fromNode());
        Diagram.Node to = nodes.get(line.toNode());
        for (Diagram.Node node : diagram.nodes()) {
            // Its own ends, the composites it starts or ends in, and what is inside its ends are not in its way.
            if (node == from || node == to || DiagramBuilder.inside(from, node, nodes)
                    || DiagramBuilder.inside(to, node, nodes) || DiagramBuilder.inside(node, from, nodes)
                    || DiagramBuilder.inside(node, to, nodes)) {
                continue;
            }
            for (int i = 0; i <= 100; i++) {
                double t = i / 100.0;
                double u = 1 - t;
                double x = curved ? u * u * x0 + 2 * u * t * cx + t * t * x1 : x0 + t * (x1 - x0);
                double y = curved ? u * u * y0 + 2 * u * t * cy + t * t * y1 : y0 + t * (y1 - y0);
                assertFalse(node.contains(x, y, 0), line.from() + " -> " + line.to() + " crosses " + node.id());
            }
        }
    }
}
