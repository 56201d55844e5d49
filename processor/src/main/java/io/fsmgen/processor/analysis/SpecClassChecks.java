package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
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
 * the spec, mirrors its constructors, names the types it uses, and has a name of its own.
 */
final class SpecClassChecks {

    private final Elements elements;
    private final Diagnostics diagnostics;
    /** Generated class names already claimed in this compilation, with the spec that claimed each. */
    private final Map<String, String> claimedNames;

    SpecClassChecks(Elements elements, Diagnostics diagnostics, Map<String, String> claimedNames) {
        this.elements = elements;
        this.diagnostics = diagnostics;
        this.claimedNames = claimedNames;
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
            diagnostics.error(site, "[FsmFinalSpec] spec " + type.getSimpleName() + " is final, but the generated"
                    + " machine extends it; remove final (make it abstract to keep it from being used directly)");
        }
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
        for (ExecutableElement constructor : ElementFilter.constructorsIn(spec.type().getEnclosedElements())) {
            any = true;
            if (constructor.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            for (TypeMirror used : constructorTypes(constructor)) {
                if (used.getKind() == TypeKind.ERROR) {
                    throw new io.fsmgen.processor.parse.MissingTypeException("constructor parameter " + used);
                }
            }
            List<com.palantir.javapoet.TypeVariableName> typeVariables = constructor.getTypeParameters().stream()
                    .map(com.palantir.javapoet.TypeVariableName::get)
                    .toList();
            List<ConstructorModel.Parameter> parameters = constructor.getParameters().stream()
                    .map(p -> new ConstructorModel.Parameter(TypeName.get(p.asType()), p.getSimpleName().toString()))
                    .toList();
            List<TypeName> thrown = constructor.getThrownTypes().stream().map(TypeName::get).toList();
            result.add(new ConstructorModel(typeVariables, parameters, thrown, constructor.isVarArgs()));
        }
        if (any && result.isEmpty() && spec.type().getKind() == ElementKind.CLASS) {
            diagnostics.error(spec.site(), "[FsmNoConstructor] spec " + spec.type().getSimpleName()
                    + " has no accessible constructor; the generated machine mirrors the spec's non-private"
                    + " constructors, so declare one that is not private");
        }
        return result;
    }

    private static List<TypeMirror> constructorTypes(ExecutableElement constructor) {
        List<TypeMirror> used = new ArrayList<>();
        constructor.getParameters().forEach(parameter -> used.add(parameter.asType()));
        used.addAll(constructor.getThrownTypes());
        return used;
    }

    Optional<ClassName> machineName(SpecDeclaration spec) {
        String packageName = elements.getPackageOf(spec.type()).getQualifiedName().toString();
        String simpleName = spec.name().map(Located::value).orElse(spec.type().getSimpleName() + "Machine");
        Site site = spec.name().map(Located::site).orElse(spec.site());
        if (!SourceVersion.isIdentifier(simpleName) || SourceVersion.isKeyword(simpleName)) {
            diagnostics.error(site, "[FsmInvalidName] '" + simpleName + "' is not a valid Java class name");
            return Optional.empty();
        }
        ClassName name = ClassName.get(packageName, simpleName);
        String specName = spec.type().getQualifiedName().toString();
        if (name.canonicalName().equals(specName)) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName()
                    + " would have the spec's own name; the machine extends the spec, so give it another name");
            return Optional.empty();
        }
        String claimedBy = claimedNames.putIfAbsent(name.canonicalName(), specName);
        if (claimedBy != null && !claimedBy.equals(specName)) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName()
                    + " is already the machine of " + claimedBy + "; give one of them another name = \"...\"");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The generated class lives in the spec's package: every type it names must be accessible from there. */
    boolean checkAccessible(SpecDeclaration spec, Located<TypeMirror> type, String member) {
        if (!(type.value() instanceof DeclaredType declared)) {
            return true;
        }
        String specPackage = elements.getPackageOf(spec.type()).getQualifiedName().toString();
        for (Element at = declared.asElement(); at instanceof TypeElement typeElement;
                at = at.getEnclosingElement()) {
            Set<Modifier> modifiers = typeElement.getModifiers();
            boolean otherPackage = !elements.getPackageOf(typeElement).getQualifiedName().contentEquals(specPackage);
            if (modifiers.contains(Modifier.PRIVATE)
                    || (otherPackage && !modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.PROTECTED))) {
                diagnostics.error(type.site(), "[FsmInaccessibleType] " + member + " type " + typeElement
                        + " is " + (modifiers.contains(Modifier.PRIVATE) ? "private" : "package-private in another"
                        + " package") + ", so the generated machine, a top-level class in " + specPackage
                        + ", cannot use it");
                return false;
            }
        }
        return true;
    }
}
