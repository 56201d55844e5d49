package io.fsmgen.processor.analysis;

import io.fsmgen.processor.analysis.MethodResolver.Role;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.GuardModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.RowDeclaration;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the effective transition table of a spec: resolves every row, merges inherited tables (a row with the same
 * state, event and guard replaces the inherited one in place), places rows in (state, event) cells, and checks that
 * every row in a cell can fire.
 */
final class TableBuilder {

    /** A resolved row placed in one cell; {@code from} is -1 for {@code "*"}. */
    private record PlacedRow(int from, int event, String guardKey, RowDeclaration declaration, RowModel model) {
        boolean hasGuard() {
            return model.guard().isPresent();
        }
    }

    private static final int WILDCARD = -1;

    private final NameTable states;
    private final NameTable events;
    private final MethodResolver methods;
    private final Diagnostics diagnostics;
    private final Set<List<RowDeclaration>> reportedPairs = new HashSet<>();
    private boolean failed;

    TableBuilder(NameTable states, NameTable events, MethodResolver methods, Diagnostics diagnostics) {
        this.states = states;
        this.events = events;
        this.methods = methods;
        this.diagnostics = diagnostics;
    }

    /** The cells of each state, by state ordinal; empty when some row is invalid (every problem is reported). */
    Optional<List<List<CellModel>>> build(SpecDeclaration declaration) {
        Map<Long, List<PlacedRow>> table = placeAll(declaration);
        for (int event = 0; event < events.size(); event++) {
            checkCanFire(table.getOrDefault(cellKey(WILDCARD, event), List.of())); // once, not once per state
        }
        List<List<CellModel>> cells = new ArrayList<>();
        for (int state = 0; state < states.size(); state++) {
            List<CellModel> cellsOfState = new ArrayList<>();
            for (int event = 0; event < events.size(); event++) {
                List<PlacedRow> explicit = table.getOrDefault(cellKey(state, event), List.of());
                List<PlacedRow> wildcard = table.getOrDefault(cellKey(WILDCARD, event), List.of());
                checkCanFire(explicit);
                List<RowModel> rows = new ArrayList<>();
                for (PlacedRow row : concat(explicit, wildcard)) {
                    rows.add(row.model());
                    if (!row.hasGuard()) {
                        break; // "*" rows behind a state's own fallback can never fire: not part of the machine
                    }
                }
                if (!rows.isEmpty()) {
                    cellsOfState.add(new CellModel(event, rows));
                }
            }
            cells.add(cellsOfState);
        }
        return failed ? Optional.empty() : Optional.of(cells);
    }

    private Map<Long, List<PlacedRow>> placeAll(SpecDeclaration declaration) {
        Map<Long, List<PlacedRow>> table = new HashMap<>();
        for (SpecDeclaration level : declaration.lineage()) {
            for (RowDeclaration row : level.rows()) {
                place(row, table);
            }
        }
        return table;
    }

    /**
     * A {@code "*"} row for an event that every state answers with a row of its own without a guard never fires: it
     * compiles and means nothing, so it is worth a warning. Called on a valid table only.
     */
    void warnShadowedWildcards(SpecDeclaration declaration) {
        Map<Long, List<PlacedRow>> table = placeAll(declaration);
        Set<RowDeclaration> warned = new HashSet<>();
        for (int event = 0; event < events.size(); event++) {
            List<PlacedRow> wildcard = table.getOrDefault(cellKey(WILDCARD, event), List.of());
            for (PlacedRow row : wildcard) {
                boolean shadowedEverywhere = true;
                for (int state = 0; state < states.size() && shadowedEverywhere; state++) {
                    shadowedEverywhere = table.getOrDefault(cellKey(state, event), List.of()).stream()
                            .anyMatch(own -> !own.hasGuard());
                }
                if (shadowedEverywhere && warned.add(row.declaration())) {
                    diagnostics.warning(row.declaration().site(), "[FsmShadowedWildcard] this \"*\" row for "
                            + events.name(event) + " never fires: every state has a row of its own without a guard"
                            + " for " + events.name(event) + "; remove it, or the rows it stands behind");
                }
            }
        }
    }

    private static List<PlacedRow> concat(List<PlacedRow> first, List<PlacedRow> second) {
        List<PlacedRow> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Rows are kept per (from, event) cell, in table order; {@code "*"} rows have a cell of their own per event. */
    private static long cellKey(int from, int event) {
        return ((long) from << 32) | (event & 0xFFFFFFFFL);
    }

    private void place(RowDeclaration row, Map<Long, List<PlacedRow>> table) {
        Optional<Resolved> resolved = resolve(row, diagnostics);
        if (resolved.isEmpty()) {
            failed = true;
            return;
        }
        for (int from : resolved.get().froms()) {
            for (int event : resolved.get().events()) {
                PlacedRow placed = new PlacedRow(from, event, resolved.get().guardKey(), row, resolved.get().model());
                List<PlacedRow> cell = table.computeIfAbsent(cellKey(from, event), key -> new ArrayList<>());
                int inherited = indexOfInherited(cell, placed);
                if (inherited >= 0) {
                    cell.set(inherited, placed);
                } else {
                    cell.add(placed);
                }
            }
        }
    }

    /** The row of an ancestor's table that {@code placed} overrides: same state, event and guard. */
    private static int indexOfInherited(List<PlacedRow> cell, PlacedRow placed) {
        for (int i = 0; i < cell.size(); i++) {
            PlacedRow existing = cell.get(i);
            if (existing.guardKey().equals(placed.guardKey())
                    && existing.declaration().owner() != placed.declaration().owner()) {
                return i;
            }
        }
        return -1;
    }

    private record Resolved(List<Integer> froms, List<Integer> events, String guardKey, RowModel model) {}

    private Optional<Resolved> resolve(RowDeclaration row, Diagnostics diagnostics) {
        boolean ok = true;
        if (row.from().isEmpty()) {
            diagnostics.error(row.fromSite(),
                    "[FsmEmptyFrom] from must name at least one state, or \"*\" for every state");
            ok = false;
        }
        if (row.on().isEmpty()) {
            diagnostics.error(row.onSite(), "[FsmEmptyOn] on must name at least one event");
            ok = false;
        }
        List<Integer> froms = new ArrayList<>();
        boolean wildcard = row.from().stream().anyMatch(from -> from.value().equals(Names.WILDCARD));
        for (Located<String> from : row.from()) {
            if (from.value().equals(Names.WILDCARD)) {
                continue;
            }
            Optional<Integer> state = states.resolve(from, diagnostics); // checked even beside "*": a typo is a typo
            ok &= state.isPresent();
            state.filter(s -> !froms.contains(s)).ifPresent(froms::add);
        }
        if (wildcard) {
            froms.clear();
            froms.add(WILDCARD);
        }
        List<Integer> eventOrdinals = new ArrayList<>();
        for (Located<String> on : row.on()) {
            Optional<Integer> event = events.resolve(on, diagnostics);
            ok &= event.isPresent();
            event.filter(e -> !eventOrdinals.contains(e)).ifPresent(eventOrdinals::add);
        }
        Optional<GuardModel> guard = Optional.empty();
        if (row.guard().isPresent()) {
            Optional<GuardModel> resolved = resolveGuard(row.guard().get(), diagnostics);
            ok &= resolved.isPresent();
            guard = resolved;
        }
        List<CallModel> actions = new ArrayList<>();
        for (Located<String> action : row.actions()) {
            Optional<CallModel> call = methods.resolve(action, Role.ACTION, diagnostics);
            ok &= call.isPresent();
            call.ifPresent(actions::add);
        }
        Optional<Integer> target = Optional.empty();
        if (row.to().isPresent()) {
            target = states.resolve(row.to().get(), diagnostics);
            ok &= target.isPresent();
        }
        if (!ok) {
            return Optional.empty();
        }
        String guardKey = guard.map(GuardModel::text).orElse("");
        RowModel model = new RowModel(guard, actions, target, wildcard, row.describe());
        return Optional.of(new Resolved(froms, eventOrdinals, guardKey, model));
    }

    private Optional<GuardModel> resolveGuard(Located<String> guard, Diagnostics diagnostics) {
        String text = guard.value().strip();
        boolean negated = text.startsWith("!");
        String method = negated ? text.substring(1).strip() : text;
        if (method.isEmpty()) {
            diagnostics.error(guard.site(), "[FsmEmptyGuard] guard '" + guard.value()
                    + "' names no method: write \"name\" or \"!name\" with a boolean method of the spec");
            return Optional.empty();
        }
        return methods.resolve(new Located<>(method, guard.site()), Role.GUARD, diagnostics)
                .map(call -> new GuardModel(call, negated));
    }

    /**
     * Rows of one cell are tried in order, so every row after a guardless one is dead, and two rows with the same
     * guard can never both fire.
     */
    private void checkCanFire(List<PlacedRow> rows) {
        for (int i = 1; i < rows.size(); i++) {
            PlacedRow later = rows.get(i);
            for (int j = 0; j < i; j++) {
                PlacedRow earlier = rows.get(j);
                if (!earlier.hasGuard()) {
                    report(earlier, later, later.hasGuard()
                            ? "[FsmUnreachableRow] this row can never fire: " + cellName(later)
                                    + " already has a row without a guard before it (" + earlier.model().origin()
                                    + "); a row without a guard is the fallback and must come last"
                            : "[FsmDuplicateFallback] " + cellName(later) + " has two rows without a guard ("
                                    + earlier.model().origin() + " and this one); only one can be the fallback");
                    break;
                }
                if (earlier.guardKey().equals(later.guardKey())) {
                    report(earlier, later, "[FsmDuplicateRow] " + cellName(later) + " has two rows with guard '"
                            + later.guardKey() + "' (" + earlier.model().origin() + " and this one); the second"
                            + " can never fire");
                    break;
                }
            }
        }
    }

    private void report(PlacedRow earlier, PlacedRow later, String message) {
        failed = true;
        if (!reportedPairs.add(List.of(earlier.declaration(), later.declaration()))) {
            return;
        }
        diagnostics.error(later.declaration().site(), message);
    }

    private String cellName(PlacedRow row) {
        String state = row.from() == WILDCARD ? "*" : states.name(row.from());
        return "(" + state + ", " + events.name(row.event()) + ")";
    }
}
