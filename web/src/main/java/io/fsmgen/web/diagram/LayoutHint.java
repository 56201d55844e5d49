package io.fsmgen.web.diagram;

import io.fsmgen.web.json.JsonReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where to put the states of machines over one state enum, when an automatic layout would not match the picture
 * readers know: for TCP, RFC 9293 Figure 5. A resource {@code META-INF/fsmgen/layouts/<state type>.json}, shipped
 * beside the machine or by this module:
 *
 * <pre>{@code
 * {"grid": {"CLOSED": [1, 0], "LISTEN": [1, 1], ...},
 *  "copies": [{"state": "CLOSED", "at": [2, 6], "incomingFromRow": 3}],
 *  "quiet": ["ABORT", "RCV_RST"]}
 * }</pre>
 *
 * @param grid   column and row of each state (columns may be fractional)
 * @param copies states drawn a second time, as the figure draws CLOSED at the top and at the bottom: transitions
 *               into the state from rows at or below {@code incomingFromRow} end at the copy
 * @param quiet  events whose transitions are drawn faint until taken (aborts, resets): every state has them, and
 *               drawn at full strength they would hide the protocol's path
 */
public record LayoutHint(Map<String, Cell> grid, List<Copy> copies, Set<String> quiet) {

    public LayoutHint {
        grid = Map.copyOf(grid);
        copies = List.copyOf(copies);
        quiet = Set.copyOf(quiet);
    }

    /** A place on the grid. */
    public record Cell(double column, double row) {}

    /** A second drawing of {@code state} at {@code at}. */
    public record Copy(String state, Cell at, double incomingFromRow) {}

    static LayoutHint parse(String json, String resource) {
        Fields root = new Fields(Fields.object(JsonReader.parse(json, resource), resource), resource);
        Map<String, Cell> grid = new LinkedHashMap<>();
        root.objectMember("grid").forEach((state, place) -> grid.put(state, cell(place, resource, state)));
        List<Copy> copies = new ArrayList<>();
        if (root.has("copies")) {
            for (Object item : root.list("copies")) {
                Fields copy = new Fields(Fields.object(item, resource), resource);
                copies.add(new Copy(copy.string("state"), cell(copy.get("at"), resource, "copies.at"),
                        ((Number) copy.get("incomingFromRow")).doubleValue()));
            }
        }
        return new LayoutHint(grid, copies, root.has("quiet") ? Set.copyOf(root.strings("quiet")) : Set.of());
    }

    /** Whether the hint places every one of {@code states}; a hint for another machine over the same enum may not. */
    public boolean covers(List<String> states) {
        return grid.keySet().containsAll(states);
    }

    private static Cell cell(Object value, String resource, String what) {
        if (value instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number column
                && pair.get(1) instanceof Number row) {
            return new Cell(column.doubleValue(), row.doubleValue());
        }
        throw new IllegalArgumentException(resource + ": " + what + " should be [column, row], not " + value);
    }
}
