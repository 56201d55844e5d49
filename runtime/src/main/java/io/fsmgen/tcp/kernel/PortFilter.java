package io.fsmgen.tcp.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The in-kernel filter expression for sets of local and remote ports: {@code sport == A || dport == B || ...}, with
 * runs of consecutive ports written as ranges ({@code (sport >= A && sport <= B)}).
 *
 * <p>Why a length bound: the kernel rejects a filter of a page or more ({@code event_filter_write} in
 * {@code kernel/trace/trace_events_filter.c} takes less than {@code PAGE_SIZE} bytes). With many ports this class
 * merges the ranges separated by the smallest gaps until the expression fits, so the kernel filter lets through a
 * superset of the ports; {@link KernelTransitionSource} matches ports exactly again in user space.
 */
final class PortFilter {

    /** Well under a 4 KiB page, leaving room for a prefix such as {@code protocol == 6 && (...)}. */
    static final int MAX_LENGTH = 3000;
    /** The longest text of one range: {@code (sport >= 65534 && sport <= 65535) || }. */
    private static final int WORST_RANGE_LENGTH = "(sport >= 65534 && sport <= 65535) || ".length();

    private PortFilter() {}

    /** A run of ports, {@code from <= to}. */
    record Range(int from, int to) {}

    /** The expression passing sockets with one of {@code ports} at either end (non-empty), at most {@code maxLength} long. */
    static String expression(SortedSet<Integer> ports, int maxLength) {
        return expression(ports, ports, maxLength);
    }

    static String expression(SortedSet<Integer> ports) {
        return expression(ports, ports, MAX_LENGTH);
    }

    /**
     * The expression passing sockets whose local port is one of {@code local} or whose remote port is one of
     * {@code remote} (not both empty), at most {@code maxLength} long: each side gets its share of the length.
     */
    static String expression(SortedSet<Integer> local, SortedSet<Integer> remote, int maxLength) {
        if (local.isEmpty() && remote.isEmpty()) {
            throw new IllegalArgumentException("no ports");
        }
        int sides = (local.isEmpty() ? 0 : 1) + (remote.isEmpty() ? 0 : 1);
        StringBuilder s = new StringBuilder();
        if (!local.isEmpty()) {
            s.append(side("sport", local, maxLength / sides));
        }
        if (!remote.isEmpty()) {
            s.append(s.length() > 0 ? " || " : "").append(side("dport", remote, maxLength / sides));
        }
        return s.toString();
    }

    private static String side(String field, SortedSet<Integer> ports, int maxLength) {
        List<Range> ranges = ranges(ports);
        String e = render(field, ranges);
        if (e.length() > maxLength) {
            e = render(field, keepLargestGaps(ranges, Math.max(1, maxLength / WORST_RANGE_LENGTH)));
        }
        return e;
    }

    static List<Range> ranges(SortedSet<Integer> ports) {
        List<Range> ranges = new ArrayList<>();
        int from = -1;
        int to = -1;
        for (int p : new TreeSet<>(ports)) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("not a port: " + p);
            }
            if (from >= 0 && p == to + 1) {
                to = p;
            } else {
                if (from >= 0) {
                    ranges.add(new Range(from, to));
                }
                from = p;
                to = p;
            }
        }
        ranges.add(new Range(from, to));
        return ranges;
    }

    /**
     * The ranges merged into at most {@code count}, keeping apart those separated by the largest gaps (so the
     * fewest extra ports get through).
     */
    static List<Range> keepLargestGaps(List<Range> ranges, int count) {
        if (ranges.size() <= count) {
            return ranges;
        }
        Integer[] gaps = new Integer[ranges.size() - 1];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = i;
        }
        java.util.Arrays.sort(gaps, (a, b) -> Integer.compare(gap(ranges, b), gap(ranges, a)));
        boolean[] split = new boolean[gaps.length];
        for (int i = 0; i < count - 1; i++) {
            split[gaps[i]] = true;
        }
        List<Range> merged = new ArrayList<>();
        int from = ranges.get(0).from();
        for (int i = 0; i < gaps.length; i++) {
            if (split[i]) {
                merged.add(new Range(from, ranges.get(i).to()));
                from = ranges.get(i + 1).from();
            }
        }
        merged.add(new Range(from, ranges.get(ranges.size() - 1).to()));
        return merged;
    }

    private static int gap(List<Range> ranges, int i) {
        return ranges.get(i + 1).from() - ranges.get(i).to();
    }

    private static String render(String side, List<Range> ranges) {
        StringBuilder s = new StringBuilder();
        for (Range r : ranges) {
            if (s.length() > 0) {
                s.append(" || ");
            }
            if (r.from() == r.to()) {
                s.append(side).append(" == ").append(r.from());
            } else {
                s.append('(').append(side).append(" >= ").append(r.from()).append(" && ").append(side)
                        .append(" <= ").append(r.to()).append(')');
            }
        }
        return s.toString();
    }
}
