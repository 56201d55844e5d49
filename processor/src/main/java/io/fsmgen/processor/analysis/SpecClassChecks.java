package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.parse.RoundMachines;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks that the generated machine can be what it is: a public top-level class in the spec's package that extends
 * the spec, mirrors its constructors and names the types it uses. Its name is {@link MachineNameChecks}'.
 */
final class SpecClassChecks {

    private final Elements elements;
    private final TypeAccess access;
    private final Diagnostics diagnostics;
    /** The machines this round's specs generate (qualified names): not types yet, but about to be. */
    private final RoundMachines roundMachines;

    SpecClassChecks(Elements elements, javax.lang.model.util.Types types, Diagnostics diagnostics,
            Set<String> roundMachines) {
        this.elements = elements;
        this.access = new TypeAccess(elements, types);
        this.diagnostics = diagnostics;
        this.roundMachines = new RoundMachines(roundMachines);
    }

    void checkExtendable(SpecDeclaration spec) {
        TypeElement type = spec.type();
        Site site = spec.site();
        if (type.getKind() != ElementKind.CLASS) {
            diagnostics.error(site, "[FsmSpecKind] @StateMachine goes on a class that the machine can extend; "
                    + type.getSimpleName() + " is " + describe(type.getKind()));
            return;
        }
        if (type.getModifiers().contains(Modifier.FINAL)) {
            // On the class declaration itself, where the modifier is written, rather than on the annotation.
            diagnostics.error(Site.of(type), "[FsmFinalSpec] spec " + type.getSimpleName() + " is final, but the"
                    + " generated machine extends it; remove final (make it abstract to keep it from being used"
                    + " directly)");
        }
        checkSealed(spec);
        for (Element at = type.getEnclosingElement(); at instanceof TypeElement enclosing;
                at = at.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(site, "[FsmPrivateSpec] spec " + type.getSimpleName() + " is nested in the private"
                        + " class " + enclosing.getSimpleName() + ", so the generated machine, a top-level class,"
                        + " cannot extend it; make " + enclosing.getSimpleName() + " package-private");
            }
        }
        checkMachineInterface(spec);
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            diagnostics.error(site, "[FsmPrivateSpec] spec " + type.getSimpleName()
                    + " is private; the generated machine, a top-level class, cannot extend it");
        }
        if (type.getEnclosingElement().getKind() != ElementKind.PACKAGE
                && !type.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.error(site, "[FsmInnerSpec] spec " + type.getSimpleName() + " is an inner class; make it"
                    + " static so that the generated top-level machine can extend it");
        }
        if (!type.getTypeParameters().isEmpty()) {
            diagnostics.error(site, "[FsmGenericSpec] spec " + type.getSimpleName()
                    + " has type parameters; a spec must not be generic");
        }
    }

    /**
     * A sealed spec must permit its machine, which javac checks only once the machine exists, as an error inside the
     * generated file; a non-sealed or unsealed spec needs nothing.
     */
    private void checkSealed(SpecDeclaration spec) {
        TypeElement type = spec.type();
        if (!type.getModifiers().contains(Modifier.SEALED)) {
            return;
        }
        String machine = spec.machineSimpleName();
        String qualified = elements.getPackageOf(type).isUnnamed() ? machine
                : elements.getPackageOf(type).getQualifiedName() + "." + machine;
        // The machine does not exist yet, so javac hands it over as an error type that prints as written.
        boolean permitted = type.getPermittedSubclasses().stream().anyMatch(subclass -> {
            String written = subclass.toString();
            return written.equals(qualified) || written.equals(machine);
        });
        if (!permitted) {
            diagnostics.error(Site.of(type), "[FsmSealedSpec] spec " + type.getSimpleName() + " is sealed but does"
                    + " not permit its machine " + machine + ", which extends it; add it to permits, or make the spec"
                    + " non-sealed");
        }
    }

    /** The machine implements {@code Machine<S, E>}; a spec that implements it with other arguments cannot be its parent. */
    private void checkMachineInterface(SpecDeclaration spec) {
        TypeElement machineInterface = elements.getTypeElement(io.fsmgen.processor.parse.Names.MACHINE);
        if (machineInterface == null) {
            return;
        }
        for (TypeMirror supertype : access.allSupertypes(spec.type().asType())) {
            if (supertype instanceof DeclaredType declared && declared.asElement().equals(machineInterface)) {
                Optional<Located<TypeMirror>> states = SpecAnalyzer.inherited(spec, SpecDeclaration::states);
                Optional<Located<TypeMirror>> events = SpecAnalyzer.inherited(spec, SpecDeclaration::events);
                if (states.isEmpty() || events.isEmpty() || declared.getTypeArguments().size() != 2) {
                    return;
                }
                if (!access.sameType(declared.getTypeArguments().get(0), states.get().value())
                        || !access.sameType(declared.getTypeArguments().get(1), events.get().value())) {
                    diagnostics.error(spec.site(), "[FsmReservedName] spec " + spec.type().getSimpleName()
                            + " implements " + TypeNames.simple(declared) + ", but its machine implements Machine<"
                            + TypeNames.simple(states.get().value()) + ", " + TypeNames.simple(events.get().value())
                            + ">; remove the interface from the spec");
                }
                return;
            }
        }
    }

    private static String describe(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case ANNOTATION_TYPE -> "an annotation";
            default -> "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    List<ConstructorModel> constructors(SpecDeclaration spec) {
        List<ConstructorModel> result = new ArrayList<>();
        if (spec.type().getModifiers().contains(Modifier.PRIVATE)) {
            return result; // already reported as FsmPrivateSpec; its implicit constructor is private too
        }
        boolean any = false;
        boolean rejected = false; // a constructor already reported as using a type the machine cannot name
        String packageName = elements.getPackageOf(spec.type()).getQualifiedName().toString();
        for (ExecutableElement constructor : ElementFilter.constructorsIn(spec.type().getEnclosedElements())) {
            any = true;
            if (constructor.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            boolean mirrorable = true;
            for (TypeMirror used : constructorTypes(constructor)) {
                if (machineNamed(used, packageName).isPresent()) {
                    continue; // a machine this round generates: public, and named by its qualified name
                }
                if (roundMachines.missingIn(used, constructor)) {
                    throw new io.fsmgen.processor.parse.MissingTypeException("constructor parameter " + used);
                }
                Optional<TypeElement> hidden = access.inaccessiblePart(used, spec.type());
                if (hidden.isPresent()) {
                    mirrorable = false;
                    diagnostics.error(Site.of(constructor), "[FsmInaccessibleType] constructor "
                            + spec.type().getSimpleName() + "(" + constructor.getParameters().stream()
                                    .map(p -> TypeNames.simple(p.asType())).collect(java.util.stream.Collectors.joining(", "))
                            + ") uses " + hidden.get().getSimpleName() + ", which the generated machine cannot name"
                            + " from " + packageName(spec.type()) + "; make the type accessible, or the constructor"
                            + " private so that the machine does not mirror it");
                }
            }
            if (!mirrorable) {
                rejected = true;
                continue;
            }
            List<com.palantir.javapoet.TypeVariableName> typeVariables = constructor.getTypeParameters().stream()
                    .map(com.palantir.javapoet.TypeVariableName::get)
                    .toList();
            List<ConstructorModel.Parameter> parameters = constructor.getParameters().stream()
                    .map(p -> new ConstructorModel.Parameter(machineNamed(p.asType(), packageName)
                            .<TypeName>map(ClassName::bestGuess)
                            .orElseGet(() -> TypeName.get(p.asType()).withoutAnnotations()),
                            p.getSimpleName().toString(), SignatureSuppressions.ofParameter(p)))
                    .toList();
            List<TypeName> thrown = constructor.getThrownTypes().stream()
                    .map(t -> TypeName.get(t).withoutAnnotations()).toList();
            boolean safeVarargs = constructor.getAnnotation(SafeVarargs.class) != null;
            result.add(new ConstructorModel(typeVariables, parameters, thrown, constructor.isVarArgs(), safeVarargs,
                    SignatureSuppressions.of(constructor)));
        }
        if (any && result.isEmpty() && !rejected && spec.type().getKind() == ElementKind.CLASS) {
            diagnostics.error(spec.site(), "[FsmNoConstructor] spec " + spec.type().getSimpleName()
                    + " has no accessible constructor; the generated machine mirrors the spec's non-private"
                    + " constructors, so declare one that is not private");
        }
        return result;
    }

    /**
     * The machine {@code used} names, when it is one that a spec of this round generates and so not a type yet: a
     * constructor may take its own machine (a node that knows its parent) or another spec's (two machines that know
     * each other), which exist as soon as this round writes them. Written simple, it is looked for in the spec's own
     * package; written qualified, anywhere.
     */
    private Optional<String> machineNamed(TypeMirror used, String packageName) {
        return roundMachines.named(used, packageName);
    }

    private static List<TypeMirror> constructorTypes(ExecutableElement constructor) {
        List<TypeMirror> used = new ArrayList<>();
        constructor.getParameters().forEach(parameter -> used.add(parameter.asType()));
        used.addAll(constructor.getThrownTypes());
        constructor.getTypeParameters().forEach(variable -> used.addAll(variable.getBounds()));
        return used;
    }

    private String packageName(TypeElement type) {
        return elements.getPackageOf(type).isUnnamed() ? "the unnamed package"
                : elements.getPackageOf(type).getQualifiedName().toString();
    }

    /** The generated class lives in the spec's package: every type it names must be accessible from there. */
    boolean checkAccessible(SpecDeclaration spec, Located<TypeMirror> type, String member) {
        Optional<TypeElement> hidden = access.inaccessiblePart(type.value(), spec.type());
        if (hidden.isEmpty()) {
            return true;
        }
        Set<Modifier> modifiers = hidden.get().getModifiers();
        diagnostics.error(type.site(), "[FsmInaccessibleType] " + member + " type " + hidden.get()
                + " is " + (modifiers.contains(Modifier.PRIVATE) ? "private" : "not accessible from "
                + packageName(spec.type())) + ", so the generated machine, a top-level class in "
                + packageName(spec.type()) + ", cannot use it");
        return false;
    }
}
