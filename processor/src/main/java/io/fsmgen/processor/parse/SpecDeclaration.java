package io.fsmgen.processor.parse;

import io.fsmgen.DeferOverflow;
import io.fsmgen.Diagrams;
import io.fsmgen.Dispatch;
import io.fsmgen.Unhandled;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A {@code @StateMachine} as written on one class. Attributes the user left at their default are empty, so that a
 * child spec can tell "not set here, inherit it" from "set to the default".
 *
 * @param parent the nearest superclass that is itself a spec, whose table this one extends
 * @param composites the composite states this spec declares itself (its ancestors' are in {@link #lineage()})
 * @param deferrals the deferrals this spec declares itself
 * @param payload {@code Void} when set to none explicitly, which takes away a parent's payload
 * @param errorState an empty string when set to none explicitly, which takes away a parent's error state
 */
public record SpecDeclaration(
        TypeElement type,
        AnnotationMirror mirror,
        Optional<Located<TypeMirror>> states,
        Optional<Located<TypeMirror>> events,
        Optional<Located<String>> initial,
        Optional<Located<String>> name,
        Optional<Located<Unhandled>> unhandled,
        List<RowDeclaration> rows,
        Optional<Located<TypeMirror>> payload,
        Optional<List<Located<String>>> finalStates,
        Optional<Located<String>> scheduler,
        Optional<Located<Boolean>> complete,
        Optional<Located<String>> errorState,
        Optional<SpecDeclaration> parent,
        List<CompositeDeclaration> composites,
        List<DeferDeclaration> deferrals,
        Optional<Located<Integer>> deferLimit,
        Optional<Located<DeferOverflow>> deferOverflow,
        Optional<Located<Dispatch>> dispatch,
        Optional<Located<Diagrams>> diagrams) {

    public SpecDeclaration {
        rows = List.copyOf(rows);
        composites = List.copyOf(composites);
        deferrals = List.copyOf(deferrals);
    }

    public Site site() {
        return Site.of(type, mirror);
    }

    /** This spec and its ancestors, root first: the order in which tables are merged. */
    public List<SpecDeclaration> lineage() {
        java.util.ArrayDeque<SpecDeclaration> chain = new java.util.ArrayDeque<>();
        for (Optional<SpecDeclaration> at = Optional.of(this); at.isPresent(); at = at.get().parent()) {
            chain.addFirst(at.get());
        }
        return List.copyOf(chain);
    }

    /** The generated machine's simple name: {@code @StateMachine(name)}, else the spec's name plus {@code Machine}. */
    public String machineSimpleName() {
        return machineSimpleName(type, name().map(Located::value));
    }

    /** The same rule for a spec not read yet: a blank {@code name} means none. */
    public static String machineSimpleName(TypeElement spec, Optional<String> name) {
        return name.filter(n -> !n.isEmpty()).orElse(spec.getSimpleName() + "Machine");
    }
}
