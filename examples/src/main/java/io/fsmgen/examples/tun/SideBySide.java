package io.fsmgen.examples.tun;

import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TraceEvent;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws the endpoint's transitions, the segments on the TUN link and the kernel's transitions in one timeline,
 * ordered by time: every time is {@link System#nanoTime()}, which on Linux is the kernel's CLOCK_MONOTONIC, so the
 * kernel's own timestamps interleave with this process's. Fits in 120 columns.
 *
 * <p>The machine runs a transition's action (sending a segment) before it tells its listeners about the new state,
 * so the trace holds the segment just before the transition's note: such a pair is drawn as one line, the
 * transition beside the segment it sent, at the segment's time.
 */
final class SideBySide {

    private static final int ENDPOINT = 40;
    private static final int WIRE = 28;

    private SideBySide() {
    }

    static String render(String endpointTitle, String kernelTitle, List<TraceEvent> trace, List<KernelRow> kernel,
            long origin) {
        List<Row> rows = new ArrayList<>();
        Row unclaimedSend = null;
        for (TraceEvent event : trace) {
            if (event instanceof TraceEvent.Note note) {
                if (unclaimedSend != null) {
                    rows.set(rows.indexOf(unclaimedSend), unclaimedSend.withEndpoint(note.text()));
                } else {
                    rows.add(new Row(note.atNanos(), note.text(), "", ""));
                }
                unclaimedSend = null;
            } else if (event instanceof TraceEvent.Transmission t && t.kind() != TransmissionKind.DROPPED) {
                String label = t.segment().map(SideBySide::label).orElse(t.description());
                boolean sent = t.kind() == TransmissionKind.SENT;
                Row row = new Row(t.atNanos(), "", arrow(label, sent), "");
                rows.add(row);
                unclaimedSend = sent ? row : null;
            }
        }
        for (KernelRow row : kernel) {
            rows.add(new Row(row.nanos(), "", "", row.text()));
        }
        rows.sort(Comparator.comparingLong(Row::nanos)); // stable: same-time rows keep their source's order
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-9s %-" + ENDPOINT + "s %-" + WIRE + "s %s%n", "time", endpointTitle, "",
                kernelTitle));
        out.append("-".repeat(9 + 1 + ENDPOINT + 1 + WIRE + 1 + 40)).append('\n');
        for (Row row : rows) {
            String time = String.format("+%.3fs", (row.nanos - origin) / 1e9);
            out.append(String.format("%-9s %-" + ENDPOINT + "s %-" + WIRE + "s %s", time, row.endpoint, row.wire,
                    row.kernel).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Flags, and the length when there is text: {@code SYN}, {@code PSH,ACK 5 bytes}. */
    static String label(Segment segment) {
        String flags = segment.flags().names();
        return segment.payloadLength() == 0 ? flags : flags + " " + segment.payloadLength() + " bytes";
    }

    private static String arrow(String label, boolean toKernel) {
        int dashes = Math.max(2, WIRE - label.length() - 3);
        return toKernel ? label + " " + "-".repeat(dashes) + ">" : "<" + "-".repeat(dashes) + " " + label;
    }

    private record Row(long nanos, String endpoint, String wire, String kernel) {
        Row withEndpoint(String text) {
            return new Row(nanos, text, wire, kernel);
        }
    }
}
