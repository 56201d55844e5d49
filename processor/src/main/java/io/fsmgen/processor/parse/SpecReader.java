package io.fsmgen.processor.parse;

import io.fsmgen.DeferOverflow;
import io.fsmgen.Diagrams;
import io.fsmgen.Dispatch;
import io.fsmgen.History;
import io.fsmgen.Unhandled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Turns a class annotated with {@code @StateMachine} into a {@link SpecDeclaration}: values as written, with their
 * positions, and the parent spec whose table it extends. Resolves nothing; that is the analysis' job.
 */
public final class SpecReader {

    private RoundMachines roundMachines = RoundMachines.NONE;

    /** The machines this round generates, which a supertype may name as a type argument before they exist. */
    public void newRound(RoundMachines machines) {
        roundMachines = machines;
    }

    /** Reads {@code type}'s spec, or empty when it carries no {@code @StateMachine}. */
    public Optional<SpecDeclaration> read(TypeElement type) {
        return findAnnotation(type, Names.STATE_MACHINE).map(mirror -> read(type, mirror));
    }

    private SpecDeclaration read(TypeElement type, AnnotationMirror mirror) {
        requireInterfaces(type);
        AnnotationValues values = new AnnotationValues(type, mirror);
        List<RowDeclaration> rows = new ArrayList<>();
        int index = 1;
        for (AnnotationMirror row : values.annotations("transitions", Names.TRANSITION)) {
            rows.add(readRow(type, row, index++));
        }
        Optional<List<Located<String>>> finalStates =
                values.explicit("finalStates").map(value -> values.strings(value, "finalStates"));
        return new SpecDeclaration(
                type,
                mirror,
                values.type("states").filter(SpecReader::isSet),
                values.type("events").filter(SpecReader::isSet),
                values.string("initial").filter(initial -> !initial.value().isEmpty()),
                values.string("name").filter(name -> !name.value().isEmpty()),
                values.enumConstant("unhandled").map(u -> new Located<>(Unhandled.valueOf(u.value()), u.site())),
                rows,
                values.type("payload"), // Void.class set explicitly takes away a parent's payload
                finalStates,
                values.string("scheduler"),
                values.bool("complete"),
                values.string("errorState"), // "" set explicitly takes away a parent's error state
                parentSpec(type),
                values.annotations("composites", Names.COMPOSITE).stream().map(c -> readComposite(type, c)).toList(),
                values.annotations("deferrals", Names.DEFER).stream().map(d -> readDefer(type, d)).toList(),
                values.integer("deferLimit"),
                values.enumConstant("deferOverflow")
                        .map(o -> new Located<>(DeferOverflow.valueOf(o.value()), o.site())),
                values.enumConstant("dispatch").map(d -> new Located<>(Dispatch.valueOf(d.value()), d.site())),
                values.enumConstant("diagrams").map(d -> new Located<>(Diagrams.valueOf(d.value()), d.site())));
    }

    private RowDeclaration readRow(TypeElement owner, AnnotationMirror row, int index) {
        AnnotationValues values = new AnnotationValues(owner, row);
        Site fromSite = values.explicit("from").map(values::site).orElse(values.site());
        Site onSite = values.explicit("on").map(values::site).orElse(values.site());
        return new RowDeclaration(
                owner,
                row,
                index,
                values.strings("from"),
                fromSite,
                values.strings("on"),
                onSite,
                values.string("guard").filter(guard -> !guard.value().isEmpty()),
                values.strings("action"),
                values.string("to").filter(to -> !to.value().isEmpty()),
                values.enumConstant("kind"),
                values.bool("history"));
    }

    private CompositeDeclaration readComposite(TypeElement owner, AnnotationMirror composite) {
        AnnotationValues values = new AnnotationValues(owner, composite);
        return new CompositeDeclaration(
                owner,
                composite,
                values.string("state").orElse(new Located<>("", values.site())),
                values.strings("children"),
                values.explicit("children").map(values::site).orElse(values.site()),
                values.string("initial").filter(initial -> !initial.value().isEmpty()),
                values.enumConstant("history").map(h -> new Located<>(History.valueOf(h.value()), h.site())));
    }

    private DeferDeclaration readDefer(TypeElement owner, AnnotationMirror defer) {
        AnnotationValues values = new AnnotationValues(owner, defer);
        return new DeferDeclaration(owner, defer, values.strings("state"), values.strings("events"));
    }

    private Optional<SpecDeclaration> parentSpec(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        if (superclass.getKind() == TypeKind.ERROR || roundMachines.missingIn(superclass, type)) {
            throw new MissingTypeException("superclass " + superclass);
        }
        if (superclass.getKind() != TypeKind.DECLARED) {
            return Optional.empty();
        }
        TypeElement parent = (TypeElement) ((DeclaredType) superclass).asElement();
        Optional<SpecDeclaration> spec = read(parent);
        return spec.isPresent() ? spec : parentSpec(parent);
    }

    /**
     * Defers the spec while an interface it or a class above it implements does not exist yet (another processor
     * generates it later): its methods, the guards and actions it brings and the abstract ones the machine must not
     * leave, are unknown until then, and would be reported as missing or fail inside the generated class.
     */
    private void requireInterfaces(TypeElement type) {
        for (TypeMirror implemented : type.getInterfaces()) {
            if (implemented.getKind() == TypeKind.ERROR || roundMachines.missingIn(implemented, type)) {
                throw new MissingTypeException("interface " + implemented + " of " + type.getSimpleName());
            }
            if (implemented instanceof DeclaredType declared) {
                requireInterfaces((TypeElement) declared.asElement());
            }
        }
        if (type.getSuperclass() instanceof DeclaredType superclass) {
            requireInterfaces((TypeElement) superclass.asElement());
        }
    }

    /** The mirror of the annotation named {@code qualifiedName} on {@code element}, if present. */
    public static Optional<AnnotationMirror> findAnnotation(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
            if (annotation.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /** Reads a method annotation's string-array member with positions ({@code @OnEntry}, {@code @Timeout}). */
    public static List<Located<String>> strings(Element element, AnnotationMirror mirror, String member) {
        return new AnnotationValues(element, mirror).strings(member);
    }

    /** The items of an array value; a lone value is a one-element array. */
    public static List<? extends javax.lang.model.element.AnnotationValue> items(
            javax.lang.model.element.AnnotationValue value) {
        return AnnotationValues.items(value);
    }

    /** Reads a method annotation's string member with its position. */
    public static Optional<Located<String>> string(Element element, AnnotationMirror mirror, String member) {
        return new AnnotationValues(element, mirror).string(member);
    }

    private static boolean isSet(Located<TypeMirror> type) {
        return !(type.value() instanceof DeclaredType declared
                && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(Names.NOT_SET));
    }

    /** Whether {@code type} is {@code Void}, which as a payload means none. */
    public static boolean isVoid(TypeMirror type) {
        return type instanceof DeclaredType declared
                && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.lang.Void");
    }
}
