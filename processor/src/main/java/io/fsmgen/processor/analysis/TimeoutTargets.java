package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.TimeoutModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecReader;
import java.util.List;
import java.util.Optional;

/**
 * A timeout fires its event in the state it was armed in: a state with no row at all for that event would ignore it
 * (or throw, under {@code Unhandled.THROW}, on the scheduler's thread), so the timeout could never do anything. In a
 * hierarchical machine a composite's timeout runs while any leaf inside it is active, so each of those leaves must
 * decide the event, by a row of its own or inherited, or by deferring it.
 */
final class TimeoutTargets {

    private final NameTable states;
    private final NameTable events;
    private final Diagnostics diagnostics;
    private final Optional<HierarchyModel> hierarchy;

    TimeoutTargets(NameTable states, NameTable events, Diagnostics diagnostics, Optional<HierarchyModel> hierarchy) {
        this.states = states;
        this.events = events;
        this.diagnostics = diagnostics;
        this.hierarchy = hierarchy;
    }

    void check(Hooks hooks, List<List<CellModel>> cells) {
        for (int i = 0; i < hooks.timeouts().size(); i++) {
            TimeoutModel timeout = hooks.timeouts().get(i);
            for (int state : timeout.states()) {
                List<Integer> leaves = hierarchy.map(h -> h.leavesWithin(state)).orElse(List.of(state));
                for (int leaf : leaves) {
                    boolean handled = cells.get(leaf).stream().anyMatch(cell -> cell.event() == timeout.event());
                    if (!handled) {
                        diagnostics.error(hooks.timeoutSites().get(i), "[FsmUnhandledTimeout] timeout '"
                                + timeout.method() + "' fires " + events.name(timeout.event()) + " in state "
                                + states.name(state) + (leaf == state
                                        ? ", which has no row for " + events.name(timeout.event())
                                        : ", but " + states.name(leaf) + " inside it has no row for "
                                                + events.name(timeout.event()) + ", of its own or inherited")
                                + ": the timeout could never do anything; add a row, or fire another event");
                        break;
                    }
                }
            }
        }
    }

    /**
     * A composite's timeout already runs while any state inside it is active. Listing a state inside it too would
     * arm the one timer of the method again on entering that state, losing the composite's (its task is left
     * scheduled, and ignored when it expires), so the composite's timeout would never fire once that state is
     * left: rejected, on the inner state's value.
     */
    void checkNotNested(Hooks hooks) {
        if (hierarchy.isEmpty()) {
            return;
        }
        for (int i = 0; i < hooks.timeouts().size(); i++) {
            TimeoutModel timeout = hooks.timeouts().get(i);
            Site site = hooks.timeoutSites().get(i);
            for (Located<String> name : SpecReader.strings(site.element(), site.mirror().orElseThrow(), "state")) {
                int inner = states.names().indexOf(name.value());
                if (inner < 0) {
                    continue;
                }
                timeout.states().stream()
                        .filter(outer -> hierarchy.get().isProperlyWithin(inner, outer))
                        .findFirst()
                        .ifPresent(outer -> diagnostics.error(name.site(), "[FsmTimeoutInside] timeout '"
                                + timeout.method() + "' is listed for " + states.name(outer) + ", which contains "
                                + name.value() + ": it already runs while " + name.value() + " is active, and"
                                + " listing " + name.value() + " too would arm it a second time on entering it; list "
                                + states.name(outer) + " or " + name.value() + ", not both"));
            }
        }
    }
}
