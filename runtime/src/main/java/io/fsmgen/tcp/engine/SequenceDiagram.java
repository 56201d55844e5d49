package io.fsmgen.tcp.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a trace the way textbooks draw the three-way handshake: one column per endpoint for its state changes, and
 * an arrow between them for each segment, at the time it was sent.
 *
 * <pre>
 *     time  client                                   server
 *    0.000  CLOSED -> SYN_SENT
 *    0.000               --- SYN seq=100 ---------->
 *    0.010                                           LISTEN -> SYN_RECEIVED
 * </pre>
 *
 * Deliveries are implied by the arrows and not drawn. A lost segment's arrow stops short with an {@code x}; a copy
 * made by the link is drawn again with {@code (dup)}. A datagram that travels but finds no endpoint at the far end
 * shows both its arrow and, at arrival time, a lost one. Events involving other endpoints are left out. Column widths
 * follow the content, so the output of a given trace is fixed and tests can compare it exactly.
 */
final class SequenceDiagram {

    private static final int TIME_WIDTH = 8;
    private static final int MIN_ARROW_WIDTH = 24;
    private static final String DUP_SUFFIX = " (dup)";

    private SequenceDiagram() {
    }

    static String render(List<TraceEvent> events, String left, String right, boolean steps) {
        List<TraceEvent> shown = new ArrayList<>();
        int leftWidth = left.length();
        int arrowWidth = MIN_ARROW_WIDTH;
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.Note note) {
                if (note.endpoint().equals(left) || note.endpoint().equals(right)) {
                    shown.add(note);
                    if (note.endpoint().equals(left)) {
                        leftWidth = Math.max(leftWidth, note.text().length());
                    }
                }
            } else if (event instanceof TraceEvent.Transmission t && between(t, left, right)
                    && t.kind() != TransmissionKind.DELIVERED) {
                shown.add(t);
                arrowWidth = Math.max(arrowWidth, label(t).length() + 10);
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, " ".repeat(TIME_WIDTH - 4) + (steps ? "step" : "time"), pad(left, leftWidth),
                " ".repeat(arrowWidth), right);
        for (TraceEvent event : shown) {
            String time = time(event.atNanos(), steps);
            if (event instanceof TraceEvent.Note note) {
                boolean onLeft = note.endpoint().equals(left);
                line(out, time, pad(onLeft ? note.text() : "", leftWidth), " ".repeat(arrowWidth),
                        onLeft ? "" : note.text());
            } else {
                TraceEvent.Transmission t = (TraceEvent.Transmission) event;
                line(out, time, " ".repeat(leftWidth), arrow(t, t.from().equals(left), arrowWidth), "");
            }
        }
        return out.toString();
    }

    private static boolean between(TraceEvent.Transmission t, String left, String right) {
        return (t.from().equals(left) && t.to().equals(right)) || (t.from().equals(right) && t.to().equals(left));
    }

    private static String label(TraceEvent.Transmission t) {
        return t.kind() == TransmissionKind.DUPLICATED ? t.description() + DUP_SUFFIX : t.description();
    }

    /** {@code --- label ---->} or {@code <---- label ---}, cut short with {@code x} when the segment was lost. */
    private static String arrow(TraceEvent.Transmission t, boolean rightward, int width) {
        String label = label(t);
        boolean lost = t.kind() == TransmissionKind.DROPPED;
        int dashes = width - label.length() - 6;
        if (rightward) {
            String body = "--- " + label + " " + "-".repeat(dashes);
            return lost ? body.substring(0, body.length() - 2) + "x  " : body + ">";
        }
        String body = "-".repeat(dashes) + " " + label + " ---";
        return lost ? "  x" + body.substring(2) : "<" + body;
    }

    private static void line(StringBuilder out, String time, String leftColumn, String middle, String rightColumn) {
        String row = time + "  " + leftColumn + " " + middle + " " + rightColumn;
        out.append(row.stripTrailing()).append('\n');
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** The first column: a step number, or {@link #seconds}. */
    static String time(long stamp, boolean steps) {
        if (!steps) {
            return seconds(stamp);
        }
        String text = Long.toString(stamp);
        return text.length() >= TIME_WIDTH ? text : " ".repeat(TIME_WIDTH - text.length()) + text;
    }

    /** Virtual time as seconds with millisecond precision, right-aligned: {@code "   1.250"}. */
    static String seconds(long nanos) {
        long millis = Math.floorDiv(nanos, 1_000_000L);
        String text = Math.floorDiv(millis, 1000) + "." + String.format("%03d", Math.floorMod(millis, 1000));
        return text.length() >= TIME_WIDTH ? text : " ".repeat(TIME_WIDTH - text.length()) + text;
    }
}
