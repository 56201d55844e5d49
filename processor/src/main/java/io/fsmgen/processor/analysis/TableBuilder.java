package io.fsmgen.processor.analysis;

import io.fsmgen.processor.analysis.MethodResolver.Role;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.DeclaredTable;
import io.fsmgen.processor.model.GuardModel;
import io.fsmgen.processor.model.HierarchyModel;
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
    /** The machine's composites, when it has any: rows may then be local or enter through history. */
    private final Optional<HierarchyModel> hierarchy;
    /** The composites were declared wrongly (already reported): local and history rows cannot be checked. */
    private final boolean hierarchyUnknown;
    private DeclaredTable declared;
    private boolean failed;

    TableBuilder(NameTable states, NameTable events, MethodResolver methods, Diagnostics diagnostics,
            Optional<HierarchyModel> hierarchy, boolean hierarchyUnknown) {
        this.hierarchy = hierarchy;
        this.hierarchyUnknown = hierarchyUnknown;
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
        declared = declaredTable(table);
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

    /**
     * The rows as declared, per (state, event) and per event for {@code "*"}: a hierarchical machine resolves them
     * per leaf. Only valid after {@link #build} succeeded.
     */
    DeclaredTable declaredTable() {
        return declared;
    }

    private DeclaredTable declaredTable(Map<Long, List<PlacedRow>> table) {
        List<List<List<RowModel>>> byState = new ArrayList<>();
        for (int state = 0; state < states.size(); state++) {
            List<List<RowModel>> byEvent = new ArrayList<>();
            for (int event = 0; event < events.size(); event++) {
                byEvent.add(models(table.getOrDefault(cellKey(state, event), List.of())));
            }
            byState.add(byEvent);
        }
        List<List<RowModel>> wildcard = new ArrayList<>();
        for (int event = 0; event < events.size(); event++) {
            wildcard.add(models(table.getOrDefault(cellKey(WILDCARD, event), List.of())));
        }
        return new DeclaredTable(byState, wildcard);
    }

    private static List<RowModel> models(List<PlacedRow> rows) {
        return rows.stream().map(PlacedRow::model).toList();
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
     * A {@code "*"} row for an event that every state decides before it never fires: it compiles and means nothing,
     * so it is worth a warning. In a flat machine every state has a row of its own without a guard; in a
     * hierarchical one every leaf decides the event first, by a guardless row of its own or of a composite around
     * it, or by deferring it. Read from the resolved cells, which hold exactly the rows that can fire. Called on a
     * valid table only.
     */
    void warnShadowedWildcards(SpecDeclaration declaration, List<List<CellModel>> cells) {
        Map<Long, List<PlacedRow>> table = placeAll(declaration);
        Set<String> firing = new HashSet<>();
        cells.forEach(cellsOfState -> cellsOfState.forEach(cell -> cell.rows().stream()
                .filter(RowModel::wildcard)
                .forEach(row -> firing.add(cell.event() + " " + row.origin()))));
        Set<RowDeclaration> warned = new HashSet<>();
        for (int event = 0; event < events.size(); event++) {
            for (PlacedRow row : table.getOrDefault(cellKey(WILDCARD, event), List.of())) {
                if (!firing.contains(event + " " + row.model().origin()) && warned.add(row.declaration())) {
                    diagnostics.warning(row.declaration().site(), "[FsmShadowedWildcard] this \"*\" row for "
                            + events.name(event) + " never fires: " + (hierarchy.isEmpty()
                                    ? "every state has a row of its own without a guard for " + events.name(event)
                                    : "every leaf decides " + events.name(event) + " before it, by a row without a"
                                            + " guard of its own or of a composite around it, or by deferring it")
                            + "; remove it, or the rows it stands behind");
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
                RowModel model = from == WILDCARD ? resolved.get().model() : resolved.get().model().withSource(from);
                PlacedRow placed = new PlacedRow(from, event, resolved.get().guardKey(), row, model);
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
        boolean local = row.kind().filter(kind -> kind.value().equals("LOCAL")).isPresent();
        boolean history = row.history().map(Located::value).orElse(false);
        if (ok && !hierarchyUnknown) {
            ok = checkLocal(row, froms, target, local, diagnostics)
                    & checkHistory(row, froms, target, history, diagnostics);
        }
        if (!ok) {
            return Optional.empty();
        }
        String guardKey = guard.map(GuardModel::text).orElse("");
        RowModel model = new RowModel(guard, actions, target, wildcard, row.describe(), HierarchyModel.ROOT, local,
                history, Optional.empty());
        return Optional.of(new Resolved(froms, eventOrdinals, guardKey, model));
    }

    /** A local row stays inside its source, so its target must be a state inside every source it names. */
    private boolean checkLocal(RowDeclaration row, List<Integer> froms, Optional<Integer> target, boolean local,
            Diagnostics diagnostics) {
        if (!local) {
            return true;
        }
        Located<String> kind = row.kind().orElseThrow();
        if (target.isEmpty()) {
            diagnostics.error(kind.site(), "[FsmLocalOutside] kind = LOCAL needs a target inside the source; a row"
                    + " without 'to' is already internal");
            return false;
        }
        if (froms.contains(WILDCARD)) {
            diagnostics.error(kind.site(), "[FsmLocalOutside] kind = LOCAL needs a composite source that contains"
                    + " the target, not \"*\"");
            return false;
        }
        // A composite target that is one of the sources gets its own advice; any other source it is not inside is
        // still named, so that one compilation reports both.
        boolean toItself = froms.contains(target.get()) && hierarchy.isPresent()
                && hierarchy.get().isComposite(target.get());
        if (toItself) {
            String composite = states.name(target.get());
            String initial = states.name(hierarchy.get().initials().get(target.get()).orElseThrow());
            diagnostics.error(row.to().orElseThrow().site(), "[FsmLocalOutside] kind = LOCAL to its own source "
                    + composite + ": a local transition targets a state inside its source. To restart " + composite
                    + "'s inside without leaving it (what Spring's withLocal() does with this target: exit its"
                    + " active states, enter its initial child), write to = \"" + initial + "\" with kind = LOCAL;"
                    + " to leave and re-enter " + composite + ", make it EXTERNAL");
        }
        List<String> outside = froms.stream()
                .filter(from -> !(toItself && from.equals(target.get())))
                .filter(from -> hierarchy.isEmpty() || !hierarchy.get().isProperlyWithin(target.get(), from))
                .map(states::name)
                .toList();
        if (!outside.isEmpty()) {
            diagnostics.error(row.to().orElseThrow().site(), "[FsmLocalOutside] kind = LOCAL, but target "
                    + states.name(target.get()) + " is not inside " + String.join(", ", outside)
                    + ": a local transition stays inside its composite source; make it EXTERNAL");
        }
        return !toItself && outside.isEmpty();
    }

    /** A history entry needs a composite target that remembers something. */
    private boolean checkHistory(RowDeclaration row, List<Integer> froms, Optional<Integer> target, boolean history,
            Diagnostics diagnostics) {
        if (!history) {
            return true;
        }
        Located<Boolean> flag = row.history().orElseThrow();
        if (target.isEmpty()) {
            diagnostics.error(flag.site(), "[FsmHistoryOnLeaf] history = true needs a composite target in 'to'");
            return false;
        }
        int t = target.get();
        if (hierarchy.isEmpty() || !hierarchy.get().isComposite(t)) {
            diagnostics.error(flag.site(), "[FsmHistoryOnLeaf] history = true, but " + states.name(t)
                    + " is a leaf: only a composite has a history to resume");
            return false;
        }
        if (hierarchy.get().history(t) == io.fsmgen.History.NONE) {
            diagnostics.error(flag.site(), "[FsmCannotEnter] " + states.name(t) + " cannot be entered through its"
                    + " history: it remembers nothing; declare history = SHALLOW or DEEP on its @Composite");
            return false;
        }
        List<String> inside = froms.stream()
                .filter(from -> from != WILDCARD && hierarchy.get().isProperlyWithin(from, t))
                .map(states::name)
                .toList();
        if (!inside.isEmpty()) {
            diagnostics.error(flag.site(), "[FsmHistoryFromInside] history = true from " + String.join(", ", inside)
                    + ", inside " + states.name(t) + ": " + states.name(t) + " is still active, and its history is"
                    + " that of its last exit; target the child you mean instead");
            return false;
        }
        return true;
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
