package io.fsmgen.examples.timeline;

import java.util.List;
import java.util.Locale;

/**
 * Prints steps as the two-column picture textbooks draw for the handshake and the close: the client on the left,
 * the server on the right, the segments each step sends as arrows between them, and the kernel's view at the end.
 */
public final class TimelineRenderer {

    private static final int TIME_WIDTH = 9;
    private static final int SIDE_WIDTH = 40;
    private static final int WIRE_WIDTH = 22;

    public String render(List<Step> steps) {
        StringBuilder out = new StringBuilder();
        out.append(row("time", "client", "", "server", "kernel")).append('\n');
        out.append("-".repeat(TIME_WIDTH + 2 * SIDE_WIDTH + WIRE_WIDTH + 20)).append('\n');
        for (Step step : steps) {
            String what = step.event() + ": " + step.change();
            String wire = wire(step);
            String kernel = step.kernel().map(state -> side(step) + " " + state).orElse("");
            out.append(step.side() == Side.CLIENT
                            ? row(time(step), what, wire, "", kernel)
                            : row(time(step), "", wire, what, kernel))
                    .append('\n');
        }
        return out.toString();
    }

    private static String side(Step step) {
        return step.side().name().toLowerCase(Locale.ROOT);
    }

    private static String time(Step step) {
        return String.format(Locale.ROOT, "+%.3fs", step.at().toNanos() / 1e9);
    }

    /** A client's segment flies right, a server's left. */
    private static String wire(Step step) {
        if (step.segments().isEmpty()) {
            return "";
        }
        String label = String.join(",", step.segments());
        int dashes = Math.max(2, WIRE_WIDTH - label.length() - 3);
        return step.side() == Side.CLIENT ? label + " " + "-".repeat(dashes) + ">" : "<" + "-".repeat(dashes) + " "
                + label;
    }

    private static String row(String time, String client, String wire, String server, String kernel) {
        return (pad(time, TIME_WIDTH) + pad(client, SIDE_WIDTH) + pad(wire, WIRE_WIDTH) + pad(server, SIDE_WIDTH)
                + kernel).stripTrailing();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
