import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes the specs of the size sweep ({@code SizeSweepBenchmark}): for each size {@code <S>x<E>}, a complete machine
 * of S states and E events in which every (state, event) cell goes to a state drawn at random (seeded by the size, so
 * every build writes the same machines). Cells with the same event and target share one row, as a person would write
 * them. Run by the {@code benchmarks} profile before compiling, as a single-file program:
 * {@code java SweepSpecs.java <output source folder> 10x10 50x20 ...}.
 */
public final class SweepSpecs {

    static final String PACKAGE = "io.fsmgen.examples.bench.sweep";

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(root);
        for (int i = 1; i < args.length; i++) {
            String[] size = args[i].split("x");
            int states = Integer.parseInt(size[0]);
            int events = Integer.parseInt(size[1]);
            String name = "Sweep" + states + "x" + events;
            Path file = root.resolve(name + "Spec.java");
            String source = spec(name, states, events);
            if (!Files.exists(file) || !Files.readString(file).equals(source)) {
                Files.writeString(file, source);
            }
        }
    }

    static String spec(String name, int states, int events) {
        Random random = new Random(states * 1_000L + events);
        // (event, target) -> sources, in order.
        Map<Integer, Map<Integer, List<Integer>>> rows = new TreeMap<>();
        for (int s = 0; s < states; s++) {
            for (int e = 0; e < events; e++) {
                int target = random.nextInt(states);
                rows.computeIfAbsent(e, k -> new TreeMap<>()).computeIfAbsent(target, k -> new ArrayList<>()).add(s);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n")
                .append("import io.fsmgen.StateMachine;\nimport io.fsmgen.Transition;\n\n")
                .append("/** A random complete machine of ").append(states).append(" states and ").append(events)
                .append(" events for the size sweep; written by SweepSpecs, do not edit. */\n")
                .append("@StateMachine(states = ").append(name).append("Spec.S.class, events = ").append(name)
                .append("Spec.E.class, initial = \"S0\", name = \"").append(name)
                .append("\", complete = true, transitions = {\n");
        rows.forEach((event, byTarget) -> byTarget.forEach((target, sources) -> {
            out.append("    @Transition(from = {");
            for (int i = 0; i < sources.size(); i++) {
                out.append(i == 0 ? "" : ", ").append("\"S").append(sources.get(i)).append('"');
            }
            out.append("}, on = \"E").append(event).append("\", to = \"S").append(target).append("\"),\n");
        }));
        out.append("})\npublic abstract class ").append(name).append("Spec {\n\n    public enum S {");
        for (int s = 0; s < states; s++) {
            out.append(s % 20 == 0 ? "\n        " : " ").append('S').append(s).append(s + 1 < states ? "," : "");
        }
        out.append("\n    }\n\n    public enum E {");
        for (int e = 0; e < events; e++) {
            out.append(e % 20 == 0 ? "\n        " : " ").append('E').append(e).append(e + 1 < events ? "," : "");
        }
        return out.append("\n    }\n}\n").toString();
    }
}
