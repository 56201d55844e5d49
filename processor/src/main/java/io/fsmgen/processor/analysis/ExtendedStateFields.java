package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.SnapshotModel;
import io.fsmgen.processor.model.SnapshotModel.Field;
import io.fsmgen.processor.model.SnapshotModel.Kind;
import io.fsmgen.processor.parse.MissingTypeException;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Finds the spec's {@code @ExtendedState} fields, in its superclasses too, and checks that the generated machine can
 * capture each: a primitive or enum, an instance field that is not final, visible from the machine's package and not
 * hidden by a subclass's field of the same name. Once a spec declares any, every other mutable field of its class
 * chain is reported as uncaptured (a warning), since a snapshot would silently leave it out.
 *
 * <p>Problems of a field are reported on the field; {@link InheritedReports} then moves those of an inherited field
 * to the spec, naming the field, unless the parent spec reports them itself.
 */
final class ExtendedStateFields {

    private final Elements elements;
    private final javax.lang.model.util.Types types;
    private final TypeAccess access;
    private final Diagnostics diagnostics;

    ExtendedStateFields(Elements elements, javax.lang.model.util.Types types, Diagnostics diagnostics) {
        this.elements = elements;
        this.types = types;
        this.access = new TypeAccess(elements, types);
        this.diagnostics = diagnostics;
    }

    /** The captured fields, root class first; empty when one of them cannot be captured (each reported). */
    Optional<List<Field>> collect(TypeElement spec) {
        List<TypeElement> chain = new ArrayList<>(Superclasses.rootFirst(spec));
        String machinePackage = elements.getPackageOf(spec).getQualifiedName().toString();
        List<Field> fields = new ArrayList<>();
        List<VariableElement> uncaptured = new ArrayList<>();
        boolean ok = true;
        for (int level = 0; level < chain.size(); level++) {
            TypeElement declaring = chain.get(level);
            for (VariableElement field : ElementFilter.fieldsIn(declaring.getEnclosedElements())) {
                Optional<AnnotationMirror> mirror = annotation(field);
                if (mirror.isEmpty()) {
                    if (isMutableInstanceField(field)) {
                        uncaptured.add(field);
                    }
                    continue;
                }
                Optional<Field> captured = check(spec, field, mirror.get(), declaring,
                        chain.subList(level + 1, chain.size()), machinePackage);
                captured.ifPresent(fields::add);
                ok &= captured.isPresent();
            }
        }
        if (!fields.isEmpty() && !suppressed(spec)) {
            for (VariableElement field : uncaptured) {
                if (!suppressed(field) && !suppressed(field.getEnclosingElement())) {
                    TypeElement declaring = (TypeElement) field.getEnclosingElement();
                    diagnostics.warning(Site.of(field), "[FsmUncapturedField] field '"
                            + field.getSimpleName() + "' of " + declaring.getSimpleName() + " is mutable but not"
                            + " @ExtendedState, so snapshot(), restore() and the explorer leave it out; annotate it,"
                            + " make it final, or add @SuppressWarnings(\"fsmgen\") if it is not machine state");
                }
            }
        }
        return ok ? Optional.of(fields) : Optional.empty();
    }

    private Optional<Field> check(TypeElement spec, VariableElement field, AnnotationMirror mirror,
            TypeElement declaring, List<TypeElement> below, String machinePackage) {
        Site site = Site.of(field, mirror);
        String name = field.getSimpleName().toString();
        String what = "@ExtendedState field '" + name + "'";
        boolean ok = true;
        Set<Modifier> modifiers = field.getModifiers();
        if (modifiers.contains(Modifier.STATIC)) {
            diagnostics.error(site, "[FsmExtendedStateStatic] " + what + " is static, so every machine would share it;"
                    + " extended state belongs to one machine: make it an instance field");
            ok = false;
        }
        if (modifiers.contains(Modifier.FINAL)) {
            diagnostics.error(site, "[FsmExtendedStateFinal] " + what + " is final, but restore() must write it; remove"
                    + " final, or remove @ExtendedState if it is configuration rather than state");
            ok = false;
        }
        boolean otherPackage = !elements.getPackageOf(declaring).getQualifiedName().contentEquals(machinePackage);
        if (modifiers.contains(Modifier.PRIVATE) || (otherPackage && !modifiers.contains(Modifier.PROTECTED)
                && !modifiers.contains(Modifier.PUBLIC))) {
            diagnostics.error(site, "[FsmExtendedStateInaccessible] " + what + " is "
                    + (modifiers.contains(Modifier.PRIVATE) ? "private" : "package-private in another package")
                    + ", so the generated machine, a subclass in " + machinePackage + ", cannot read and write it;"
                    + " make it protected");
            ok = false;
        }
        for (TypeElement subclass : below) {
            boolean hides = ElementFilter.fieldsIn(subclass.getEnclosedElements()).stream()
                    .anyMatch(other -> other.getSimpleName().contentEquals(name));
            if (hides) {
                diagnostics.error(site, "[FsmExtendedStateHidden] " + what + " of " + declaring.getSimpleName()
                        + " is hidden by field '" + name + "' of " + subclass.getSimpleName()
                        + ", so the machine cannot reach it; rename one of them");
                ok = false;
                break;
            }
        }
        if (ok) {
            Optional<TypeElement> ambiguous = interfaceFieldNamed(name, below);
            if (ambiguous.isPresent()) {
                diagnostics.error(site, "[FsmExtendedStateHidden] " + what + " of " + declaring.getSimpleName()
                        + " is ambiguous with field '" + name + "' of interface " + ambiguous.get().getSimpleName()
                        + ", which a subclass implements, so the machine cannot name it; rename one of them");
                ok = false;
            }
        }
        Optional<Field> typed = typed(spec, field, mirror, declaring, machinePackage, site, what);
        return ok ? typed : Optional.empty();
    }

    /**
     * An interface, implemented by one of {@code classes} (the classes below the field's), that declares a field of
     * this name: inherited beside the class's field, it makes the name ambiguous in the subclasses and the machine.
     */
    private Optional<TypeElement> interfaceFieldNamed(String name, List<TypeElement> classes) {
        return classes.stream()
                .flatMap(type -> type.getInterfaces().stream()) // not the declaring class's: its field hides theirs
                .flatMap(direct -> java.util.stream.Stream.concat(java.util.stream.Stream.of(direct),
                        access.allSupertypes(direct).stream()))
                .map(supertype -> (TypeElement) ((javax.lang.model.type.DeclaredType) supertype).asElement())
                .filter(supertype -> supertype.getKind().isInterface())
                .filter(supertype -> ElementFilter.fieldsIn(supertype.getEnclosedElements()).stream()
                        .anyMatch(other -> other.getSimpleName().contentEquals(name)))
                .findFirst();
    }

    /**
     * The field's kind, from its type as a member of the spec: a superclass's field of type {@code M} is an enum field
     * where the spec extends it with an enum for {@code M}.
     */
    private Optional<Field> typed(TypeElement spec, VariableElement field, AnnotationMirror mirror,
            TypeElement declaring, String machinePackage, Site site, String what) {
        TypeMirror type = types.asMemberOf((DeclaredType) spec.asType(), field);
        TypeMirror written = field.asType();
        if (written.getKind() == TypeKind.TYPEVAR
                && (type.getKind() == TypeKind.TYPEVAR || types.isSameType(type, types.erasure(written)))) {
            diagnostics.error(site, "[FsmExtendedStateType] " + what + " has type " + written + ", a type variable"
                    + " of " + declaring.getSimpleName() + " that " + spec.getSimpleName() + " leaves unbound (here it"
                    + " is " + type + "); bind it to an enum where the spec extends " + declaring.getSimpleName()
                    + " (extends " + declaring.getSimpleName() + "<SomeEnum>), or give the field an enum or"
                    + " primitive type");
            return Optional.empty();
        }
        String name = field.getSimpleName().toString();
        ClassName owner = ClassName.get(declaring);
        Optional<AnnotationValue> min = member(mirror, "min");
        Optional<AnnotationValue> max = member(mirror, "max");
        if (type.getKind() == TypeKind.ERROR) {
            throw new MissingTypeException("type of @ExtendedState field " + name);
        }
        Optional<long[]> limits = integralLimits(type.getKind());
        if (limits.isPresent()) {
            return range(field, mirror, min, max, limits.get(), what)
                    .map(range -> new Field(name, owner, Kind.INTEGRAL, TypeName.get(type), range[0], range[1],
                            List.of(), SnapshotModel.bitsFor(range[1] - range[0])));
        }
        if (min.isPresent() || max.isPresent()) {
            AnnotationValue value = min.orElseGet(max::get);
            diagnostics.error(Site.of(field, mirror, value), "[FsmExtendedStateRange] min and max apply to integral fields"
                    + " (byte, short, char, int, long), not to " + what + " of type " + type);
            return Optional.empty();
        }
        switch (type.getKind()) {
            case BOOLEAN:
                return Optional.of(new Field(name, owner, Kind.BOOLEAN, TypeName.BOOLEAN, 0, 1, List.of(), 1));
            case FLOAT:
                return Optional.of(new Field(name, owner, Kind.FLOAT, TypeName.FLOAT, 0, 0, List.of(), 32));
            case DOUBLE:
                return Optional.of(new Field(name, owner, Kind.DOUBLE, TypeName.DOUBLE, 0, 0, List.of(), 64));
            default:
                break;
        }
        if (type instanceof DeclaredType declared && declared.asElement().getKind() == ElementKind.ENUM) {
            TypeElement enumType = (TypeElement) declared.asElement();
            if (!accessible(enumType, machinePackage, site, what)) {
                return Optional.empty();
            }
            List<String> constants = enumType.getEnclosedElements().stream()
                    .filter(element -> element.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(element -> element.getSimpleName().toString())
                    .toList();
            return Optional.of(new Field(name, owner, Kind.ENUM, ClassName.get(enumType), 0, 0, constants,
                    SnapshotModel.bitsFor(constants.size())));
        }
        diagnostics.error(site, "[FsmExtendedStateType] " + what + " has type " + type + ", which a snapshot cannot"
                + " capture: only primitives and enums have a value rather than an identity. Store an enum or a"
                + " number instead, or remove @ExtendedState and keep it out of the snapshot");
        return Optional.empty();
    }

    /** The declared range, checked against the type's own; {@code [min, max]}. */
    private Optional<long[]> range(VariableElement field, AnnotationMirror mirror, Optional<AnnotationValue> min,
            Optional<AnnotationValue> max, long[] limits, String what) {
        long low = min.map(value -> ((Number) value.getValue()).longValue()).orElse(limits[0]);
        long high = max.map(value -> ((Number) value.getValue()).longValue()).orElse(limits[1]);
        boolean ok = true;
        if (low < limits[0] || low > limits[1]) {
            diagnostics.error(Site.of(field, mirror, min.orElse(null)), "[FsmExtendedStateRange] min = " + low + " is"
                    + " outside what " + what + " of type " + field.asType() + " can hold (" + limits[0] + ".."
                    + limits[1] + ")");
            ok = false;
        }
        if (high < limits[0] || high > limits[1]) {
            diagnostics.error(Site.of(field, mirror, max.orElse(null)), "[FsmExtendedStateRange] max = " + high + " is"
                    + " outside what " + what + " of type " + field.asType() + " can hold (" + limits[0] + ".."
                    + limits[1] + ")");
            ok = false;
        }
        if (ok && low > high) {
            diagnostics.error(Site.of(field, mirror, max.orElse(min.orElse(null))), "[FsmExtendedStateRange] min = " + low
                    + " is greater than max = " + high + " for " + what);
            ok = false;
        }
        return ok ? Optional.of(new long[] {low, high}) : Optional.empty();
    }

    private static Optional<long[]> integralLimits(TypeKind kind) {
        return switch (kind) {
            case BYTE -> Optional.of(new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE});
            case SHORT -> Optional.of(new long[] {Short.MIN_VALUE, Short.MAX_VALUE});
            case CHAR -> Optional.of(new long[] {Character.MIN_VALUE, Character.MAX_VALUE});
            case INT -> Optional.of(new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE});
            case LONG -> Optional.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
            default -> Optional.empty();
        };
    }

    private boolean accessible(TypeElement type, String machinePackage, Site site, String what) {
        for (Element at = type; at instanceof TypeElement nested; at = at.getEnclosingElement()) {
            Set<Modifier> modifiers = nested.getModifiers();
            boolean otherPackage = !elements.getPackageOf(nested).getQualifiedName().contentEquals(machinePackage);
            if (modifiers.contains(Modifier.PRIVATE) || (otherPackage && !modifiers.contains(Modifier.PUBLIC)
                    && !modifiers.contains(Modifier.PROTECTED))) {
                diagnostics.error(site, "[FsmExtendedStateInaccessible] the enum " + nested.getQualifiedName() + " of "
                        + what + " is " + (modifiers.contains(Modifier.PRIVATE) ? "private" : "package-private")
                        + ", so the generated machine cannot name its constants");
                return false;
            }
        }
        return true;
    }

    private static Optional<AnnotationMirror> annotation(VariableElement field) {
        return field.getAnnotationMirrors().stream()
                .filter(mirror -> ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName()
                        .contentEquals(Names.EXTENDED_STATE))
                .map(AnnotationMirror.class::cast)
                .findFirst();
    }

    private static Optional<AnnotationValue> member(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    private static boolean isMutableInstanceField(VariableElement field) {
        Set<Modifier> modifiers = field.getModifiers();
        return !modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.FINAL);
    }

    private static boolean suppressed(Element element) {
        SuppressWarnings suppressed = element.getAnnotation(SuppressWarnings.class);
        return suppressed != null && Arrays.asList(suppressed.value()).contains("fsmgen");
    }
}
