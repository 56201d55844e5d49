package io.fsmgen.processor.analysis;

import io.fsmgen.DeferOverflow;
import io.fsmgen.History;
import io.fsmgen.processor.model.DeclaredTable;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.parse.CompositeDeclaration;
import io.fsmgen.processor.parse.DeferDeclaration;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the composites and deferrals of a spec and its ancestors into a {@link HierarchyModel}, reporting every
 * mistake on the value that caused it: an unknown name, a composite declared twice or without children, a missing
 * initial child or one that is not a child, a state with two parents, a cycle, a deferral limit below one. Returns
 * empty for a flat machine (no composite, no deferral) and when something was wrong.
 */
final class HierarchyBuilder {

    private final NameTable states;
    private final NameTable events;
    private final Diagnostics diagnostics;
    private boolean failed;

    HierarchyBuilder(NameTable states, NameTable events, Diagnostics diagnostics) {
        this.states = states;
        this.events = events;
        this.diagnostics = diagnostics;
    }

    /** Where each state's parent was declared: the child value, for messages about it. */
    private record Edge(int parent, Located<String> child) {}

    Optional<HierarchyModel> build(SpecDeclaration spec) {
        List<CompositeDeclaration> composites = new ArrayList<>();
        List<DeferDeclaration> deferrals = new ArrayList<>();
        for (SpecDeclaration level : spec.lineage()) {
            composites.addAll(level.composites());
            deferrals.addAll(level.deferrals());
        }
        int size = states.size();
        List<Integer> parents = new ArrayList<>();
        List<Optional<Integer>> initials = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        List<List<Integer>> deferred = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (int s = 0; s < size; s++) {
            parents.add(HierarchyModel.ROOT);
            initials.add(Optional.empty());
            histories.add(History.NONE);
            deferred.add(new ArrayList<>());
            edges.add(null);
        }
        Set<Integer> declared = new HashSet<>();
        for (CompositeDeclaration composite : composites) {
            readComposite(composite, declared, parents, initials, histories, edges);
        }
        checkCycles(parents, edges);
        for (DeferDeclaration deferral : deferrals) {
            readDeferral(deferral, deferred);
        }
        int limit = inheritedLimit(spec);
        DeferOverflow overflow = inherited(spec, SpecDeclaration::deferOverflow).map(Located::value)
                .orElse(DeferOverflow.THROW);
        if (failed || (declared.isEmpty() && deferred.stream().allMatch(List::isEmpty))) {
            return Optional.empty();
        }
        return Optional.of(new HierarchyModel(parents, initials, histories, deferred, limit, overflow));
    }

    boolean failed() {
        return failed;
    }

    /**
     * A state that defers an event and also has a row of its own for it is ambiguous: rejected, on the deferred
     * event. (Across levels there is no conflict: the innermost state decides.)
     */
    void checkDeferredAndHandled(SpecDeclaration spec, DeclaredTable table) {
        for (SpecDeclaration level : spec.lineage()) {
            for (DeferDeclaration deferral : level.deferrals()) {
                for (Located<String> state : deferral.states()) {
                    int s = states.names().indexOf(state.value());
                    for (Located<String> event : deferral.events()) {
                        int e = events.names().indexOf(event.value());
                        if (s >= 0 && e >= 0 && !table.rows(s, e).isEmpty()) {
                            fail(event, "[FsmDeferredAndHandled] state " + states.name(s) + " defers " + event.value()
                                    + " and also handles it (" + table.rows(s, e).get(0).origin() + "); a state"
                                    + " does one or the other: remove the row or the deferral");
                        }
                    }
                }
            }
        }
    }

    private void readComposite(CompositeDeclaration composite, Set<Integer> declared, List<Integer> parents,
            List<Optional<Integer>> initials, List<History> histories, List<Edge> edges) {
        Optional<Integer> state = states.resolve(composite.state(), diagnostics);
        List<Integer> children = new ArrayList<>();
        for (Located<String> child : composite.children()) {
            Optional<Integer> resolved = states.resolve(child, diagnostics);
            if (resolved.isEmpty()) {
                failed = true;
                continue;
            }
            int c = resolved.get();
            if (state.isPresent() && c == state.get()) {
                fail(child, "[FsmHierarchyCycle] composite " + states.name(c) + " lists itself as its own child");
                continue;
            }
            Edge existing = edges.get(c);
            if (existing != null && state.isPresent() && existing.parent() == state.get()) {
                continue; // listed twice in this composite: a child once, as a state listed twice in a hook
            }
            if (existing != null) {
                fail(child, "[FsmTwoParents] state " + states.name(c) + " already has a parent, "
                        + states.name(existing.parent()) + "; a state belongs to at most one composite");
                continue;
            }
            if (state.isPresent()) {
                edges.set(c, new Edge(state.get(), child));
                parents.set(c, state.get());
            }
            children.add(c);
        }
        if (state.isEmpty()) {
            failed = true;
            return;
        }
        int s = state.get();
        if (!declared.add(s)) {
            fail(composite.state(), "[FsmDuplicateComposite] composite " + states.name(s)
                    + " is declared twice; declare its children once");
            return;
        }
        if (composite.children().isEmpty()) {
            failed = true;
            diagnostics.error(composite.childrenSite(), "[FsmEmptyComposite] composite " + states.name(s)
                    + " must list at least one child");
        }
        histories.set(s, composite.history().map(Located::value).orElse(History.NONE));
        if (composite.initial().isEmpty()) {
            failed = true;
            diagnostics.error(composite.site(), "[FsmMissingInitial] composite " + states.name(s)
                    + " needs an initial child: the one entered when a transition targets " + states.name(s)
                    + " itself");
            initials.set(s, children.isEmpty() ? Optional.empty() : Optional.of(children.get(0)));
            return;
        }
        Optional<Integer> initial = states.resolve(composite.initial().get(), diagnostics);
        if (initial.isEmpty()) {
            failed = true;
        } else if (!children.contains(initial.get())) {
            fail(composite.initial().get(), "[FsmInitialNotChild] initial " + states.name(initial.get())
                    + " is not a child of " + states.name(s) + "; its children are "
                    + String.join(", ", children.stream().map(states::name).toList()));
        }
        initials.set(s, initial);
    }

    /** A composite that contains itself, through its children's children: reported once, on the edge that closes it. */
    private void checkCycles(List<Integer> parents, List<Edge> edges) {
        Set<Integer> inReportedCycle = new HashSet<>();
        for (int start = 0; start < parents.size(); start++) {
            Set<Integer> seen = new HashSet<>();
            int at = start;
            while (at != HierarchyModel.ROOT && seen.add(at)) {
                at = parents.get(at);
            }
            if (at == HierarchyModel.ROOT || !seen.contains(start) || inReportedCycle.contains(start)) {
                continue;
            }
            List<String> cycle = new ArrayList<>();
            int s = start;
            do {
                cycle.add(states.name(s));
                inReportedCycle.add(s);
                s = parents.get(s);
            } while (s != start);
            cycle.add(states.name(start));
            java.util.Collections.reverse(cycle);
            Edge closing = edges.get(start);
            fail(closing.child(), "[FsmHierarchyCycle] the hierarchy has a cycle: " + String.join(" contains ", cycle));
            for (int c : inReportedCycle) {
                parents.set(c, HierarchyModel.ROOT); // keeps later walks finite
            }
        }
    }

    private void readDeferral(DeferDeclaration deferral, List<List<Integer>> deferred) {
        if (deferral.states().isEmpty()) {
            failed = true;
            diagnostics.error(deferral.site(), "[FsmEmptyDefer] @Defer must name at least one state");
        }
        if (deferral.events().isEmpty()) {
            failed = true;
            diagnostics.error(deferral.site(), "[FsmEmptyDefer] @Defer must name at least one event");
        }
        List<Integer> eventOrdinals = new ArrayList<>();
        for (Located<String> event : deferral.events()) {
            Optional<Integer> e = events.resolve(event, diagnostics);
            failed |= e.isEmpty();
            e.ifPresent(eventOrdinals::add);
        }
        for (Located<String> state : deferral.states()) {
            Optional<Integer> s = states.resolve(state, diagnostics);
            failed |= s.isEmpty();
            s.ifPresent(ordinal -> eventOrdinals.stream()
                    .filter(e -> !deferred.get(ordinal).contains(e))
                    .forEach(deferred.get(ordinal)::add));
        }
    }

    /**
     * The most deferred events a machine may hold: the ring is allocated with every machine (an int and a reference
     * per slot, about 0.5 MiB at this size), so a larger limit is a mistake rather than a design.
     */
    static final int MAX_DEFER_LIMIT = 65_536;

    private int inheritedLimit(SpecDeclaration spec) {
        Optional<Located<Integer>> limit = inherited(spec, SpecDeclaration::deferLimit);
        if (limit.isPresent() && limit.get().value() < 1) {
            fail(limit.get(), "[FsmDeferLimit] deferLimit must be at least 1, not " + limit.get().value());
            return 1;
        }
        if (limit.isPresent() && limit.get().value() > MAX_DEFER_LIMIT) {
            fail(limit.get(), "[FsmDeferLimit] deferLimit must be at most " + MAX_DEFER_LIMIT + ", not "
                    + limit.get().value() + ": every machine allocates room for that many deferred events when it is"
                    + " created");
            return MAX_DEFER_LIMIT;
        }
        return limit.map(Located::value).orElse(16);
    }

    private void fail(Located<?> value, String message) {
        failed = true;
        diagnostics.error(value.site(), message);
    }

    private static <T> Optional<T> inherited(SpecDeclaration spec,
            java.util.function.Function<SpecDeclaration, Optional<T>> attribute) {
        for (Optional<SpecDeclaration> at = Optional.of(spec); at.isPresent(); at = at.get().parent()) {
            Optional<T> value = attribute.apply(at.get());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }
}
