package io.fsmgen.examples.timeline;

import java.util.List;
import java.util.Locale;

/**
 * Prints steps as the two-column picture textbooks draw for the handshake and the close: the client's machine on the
 * left, the server's on the right, the segments each step sends as arrows between them, and the kernel's own state
 * changes in the last column, each on its own line at the kernel's time. Lines fit in {@link TextWrap#WIDTH}
 * columns.
 */
public final class TimelineRenderer {

    private static final int TIME_WIDTH = 8;
    private static final int CLIENT_WIDTH = 37;
    private static final int WIRE_WIDTH = 11;
    /** Server texts may run past it ("listener PASSIVE_OPEN: CLOSED -> LISTEN"): their kernel column is empty. */
    private static final int SERVER_WIDTH = 37;
    /** What is left of the width for the kernel column. */
    static final int KERNEL_WIDTH = TextWrap.WIDTH - TIME_WIDTH - CLIENT_WIDTH - WIRE_WIDTH - SERVER_WIDTH;

    private final boolean kernelColumn;

    /** A renderer with the kernel column. */
    public TimelineRenderer() {
        this(true);
    }

    /** {@code kernelColumn}: whether kernel steps exist to be drawn (the column is left out otherwise). */
    public TimelineRenderer(boolean kernelColumn) {
        this.kernelColumn = kernelColumn;
    }

    public String render(List<Step> steps) {
        StringBuilder out = new StringBuilder();
        out.append(row("time", "client", "", "server", kernelColumn ? "kernel (Linux names)" : "")).append('\n');
        out.append("-".repeat(kernelColumn ? TextWrap.WIDTH : TextWrap.WIDTH - KERNEL_WIDTH)).append('\n');
        for (Step step : steps) {
            String wire = wire(step);
            if (!step.isMachine()) {
                String what = step.changesState() ? step.from() + "->" + step.to() : step.event();
                out.append(row(time(step), "", wire, "", step.side().tag() + " " + what)).append('\n');
                continue;
            }
            String what = (step.side() == Side.LISTENER ? "listener " : "") + step.event() + ": " + step.change();
            out.append(step.side().left()
                            ? row(time(step), what, wire, "", "")
                            : row(time(step), "", wire, what, ""))
                    .append('\n');
        }
        return out.toString();
    }

    private static String time(Step step) {
        return String.format(Locale.ROOT, "+%.3fs", step.at().toNanos() / 1e9);
    }

    /**
     * A client's segment flies right, a server's left. Without a kernel column, the RST a machine received is drawn
     * arriving on its row, since no other row shows who sent it.
     */
    private String wire(Step step) {
        if (step.segments().isEmpty()) {
            if (!kernelColumn && step.isMachine() && step.event().equals("RCV_RST")) {
                return arrow("RST", !step.side().left()); // sent by the other side
            }
            return "";
        }
        return arrow(String.join(",", step.segments()), step.side().left());
    }

    private static String arrow(String label, boolean rightwards) {
        int dashes = Math.max(2, WIRE_WIDTH - label.length() - 3);
        return rightwards ? label + " " + "-".repeat(dashes) + ">" : "<" + "-".repeat(dashes) + " " + label;
    }

    private static String row(String time, String client, String wire, String server, String kernel) {
        return (pad(time, TIME_WIDTH) + pad(client, CLIENT_WIDTH) + pad(wire, WIRE_WIDTH) + pad(server, SERVER_WIDTH)
                + kernel).stripTrailing();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
