package io.fsmgen.processor.parse;

import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The qualified names of the machines this round's specs generate. A spec may name one before it exists (a
 * constructor taking its own machine, a supertype {@code Base<MMachine>}): javac hands it over as an unresolved
 * type, which is a machine about to be written, not a missing type to wait for.
 */
public record RoundMachines(Set<String> names) {

    public static final RoundMachines NONE = new RoundMachines(Set.of());

    public RoundMachines {
        names = Set.copyOf(names);
    }

    /**
     * The machine {@code used} names, if it is an unresolved type written as one of them: simple, as in a class of
     * {@code packageName}, or qualified.
     */
    public Optional<String> named(TypeMirror used, String packageName) {
        if (used.getKind() != TypeKind.ERROR) {
            return Optional.empty();
        }
        String written = used.toString();
        String samePackage = packageName.isEmpty() ? written : packageName + "." + written;
        return names.contains(written) ? Optional.of(written)
                : names.contains(samePackage) ? Optional.of(samePackage)
                : Optional.empty();
    }

    /**
     * Whether {@code type}, written in {@code where}, is or contains an unresolved type that is not such a machine.
     * A supertype that is itself a machine still has to be waited for: its members are what the spec inherits.
     */
    public boolean missingIn(TypeMirror type, Element where) {
        String packageName = packageOf(where);
        return ErrorTypes.containsError(type, unresolved -> named(unresolved, packageName).isPresent());
    }

    private static String packageOf(Element element) {
        Element at = element;
        while (!(at instanceof PackageElement)) {
            at = at.getEnclosingElement();
        }
        return ((PackageElement) at).getQualifiedName().toString();
    }
}
