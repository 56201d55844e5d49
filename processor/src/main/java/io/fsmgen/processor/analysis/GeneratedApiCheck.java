package io.fsmgen.processor.analysis;

import io.fsmgen.processor.parse.Site;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The generated class adds the {@code Machine} API ({@code state}, {@code fire}, {@code restore},
 * {@code addListener}, {@code removeListener}), the {@code Capturable} one ({@code encode}, {@code decode},
 * {@code snapshot}, {@code restore(Snapshot)}) and, for a hierarchical machine, the {@code HierarchicalMachine} one
 * ({@code send}, {@code isIn}, {@code deferredCount}), and implements nothing else. A flat machine inherits
 * {@code Machine}'s default {@code isIn}. A spec method with one of those signatures must be one the generated method
 * can override (or, for the inherited default, one that can stand in for it), and any other abstract method would
 * leave the generated class unable to compile: both are reported on the spec's method, not as an error inside
 * generated code.
 */
final class GeneratedApiCheck {

    /** @param generated false for {@code Machine}'s default {@code isIn}, which a flat machine only inherits */
    private record ApiMethod(String name, List<TypeMirror> parameters, TypeMirror returns, boolean generated) {
        ApiMethod(String name, List<TypeMirror> parameters, TypeMirror returns) {
            this(name, parameters, returns, true);
        }
    }

    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;

    GeneratedApiCheck(Elements elements, Types types, Diagnostics diagnostics) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
    }

    void check(TypeElement spec, TypeMirror stateType, TypeMirror eventType, Optional<TypeMirror> payloadType,
            boolean hierarchical, MethodResolver methods) {
        TypeElement listener = elements.getTypeElement("io.fsmgen.TransitionListener");
        TypeMirror listenerType = types.getDeclaredType(listener, stateType, eventType);
        TypeMirror booleanType = types.getPrimitiveType(TypeKind.BOOLEAN);
        TypeMirror voidType = types.getNoType(TypeKind.VOID);
        List<ApiMethod> api = new java.util.ArrayList<>(List.of(
                new ApiMethod("state", List.of(), stateType),
                new ApiMethod("fire", List.of(eventType), booleanType),
                new ApiMethod("restore", List.of(stateType), voidType),
                new ApiMethod("addListener", List.of(listenerType), voidType),
                new ApiMethod("removeListener", List.of(listenerType), voidType),
                new ApiMethod("encode", List.of(type("io.fsmgen.StateBits")), voidType),
                new ApiMethod("decode", List.of(type("io.fsmgen.StateBits")), voidType),
                new ApiMethod("snapshot", List.of(), type("io.fsmgen.Snapshot")),
                new ApiMethod("restore", List.of(type("io.fsmgen.Snapshot")), voidType),
                new ApiMethod("isIn", List.of(stateType), booleanType, hierarchical)));
        payloadType.ifPresent(payload -> api.add(new ApiMethod("fire", List.of(eventType, payload), booleanType)));
        String implemented = "state(), fire(), restore(), addListener(), removeListener(), encode(), decode()"
                + " and snapshot()";
        if (hierarchical) {
            TypeMirror outcome = type("io.fsmgen.Outcome");
            api.add(new ApiMethod("send", List.of(eventType), outcome));
            payloadType.ifPresent(payload -> api.add(new ApiMethod("send", List.of(eventType, payload), outcome)));
            api.add(new ApiMethod("deferredCount", List.of(), types.getPrimitiveType(TypeKind.INT)));
            implemented = "state(), fire(), send(), isIn(), deferredCount(), restore(), addListener(),"
                    + " removeListener(), encode(), decode() and snapshot()";
        }

        DeclaredType specType = (DeclaredType) spec.asType();
        List<ExecutableElement> members = ElementFilter.methodsIn(elements.getAllMembers(spec));
        for (ExecutableElement method : members) {
            if (method.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            ExecutableType asMember = (ExecutableType) types.asMemberOf(specType, method);
            Optional<ApiMethod> same = api.stream()
                    .filter(candidate -> candidate.name().contentEquals(method.getSimpleName())
                            && sameErasures(candidate.parameters(), asMember.getParameterTypes()))
                    .findFirst();
            Site site = Site.of(method);
            if (same.isPresent()) {
                clash(method, asMember, same.get()).ifPresent(why -> diagnostics.error(site, "[FsmReservedName] "
                        + signature(method) + " clashes with the method " + same.get().name() + "("
                        + same.get().parameters().stream().map(TypeNames::simple)
                                .collect(java.util.stream.Collectors.joining(", "))
                        + ") that the generated machine " + (same.get().generated() ? "defines" : "inherits from Machine")
                        + " (returning " + TypeNames.simple(same.get().returns()) + "): " + why
                        + (same.get().generated() ? "; rename it, or declare it abstract with exactly that signature"
                                : "; rename it, or give it exactly that signature and a body")));
            } else if (method.getModifiers().contains(Modifier.ABSTRACT) && !methods.reportedAsAbstract(method)
                    && !implemented(method, members, spec)) {
                diagnostics.error(site, "[FsmAbstractMethod] " + signature(method) + " is abstract, but the generated"
                        + " machine implements only " + implemented + "; give it a body");
            }
        }
        checkPackagePrivateAbstract(spec);
    }

    /**
     * An abstract method package-private in a superclass of another package is no member of the spec (it is not
     * inherited), so the loop over the members never sees it; yet the machine must implement it and cannot: only a
     * class of that package can. Reported on the method, unless a class of the chain implements it.
     */
    private void checkPackagePrivateAbstract(TypeElement spec) {
        String machinePackage = packageOf(spec);
        java.util.Deque<TypeElement> chain = Superclasses.rootFirst(spec);
        for (TypeElement type : chain) {
            if (packageOf(type).equals(machinePackage)) {
                continue;
            }
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                java.util.Set<Modifier> modifiers = method.getModifiers();
                if (!modifiers.contains(Modifier.ABSTRACT) || modifiers.contains(Modifier.PUBLIC)
                        || modifiers.contains(Modifier.PROTECTED) || modifiers.contains(Modifier.PRIVATE)) {
                    continue;
                }
                boolean implemented = chain.stream().filter(below -> below != type).anyMatch(below ->
                        ElementFilter.methodsIn(below.getEnclosedElements()).stream().anyMatch(candidate ->
                                !candidate.getModifiers().contains(Modifier.ABSTRACT)
                                        && candidate.getSimpleName().equals(method.getSimpleName())
                                        && elements.overrides(candidate, method, below)));
                if (!implemented) {
                    diagnostics.error(Site.of(method), "[FsmAbstractMethod] " + signature(method) + " is abstract"
                            + " and package-private in " + packageOf(type) + ": only a class of " + packageOf(type)
                            + " can implement it, and the generated machine, in "
                            + (machinePackage.isEmpty() ? "the unnamed package" : machinePackage)
                            + ", cannot; implement it in a class of " + packageOf(type) + " that the spec extends,"
                            + " or make it protected");
                }
            }
        }
    }

    private String packageOf(TypeElement type) {
        return elements.getPackageOf(type).getQualifiedName().toString();
    }

    /**
     * Whether a concrete method the spec has implements {@code method}. javac lists an interface's abstract method
     * among the spec's members beside the superclass method that implements it when that superclass is not itself a
     * subtype of the interface ({@code M extends ArrayList<String>}: {@code List.containsAll} and
     * {@code AbstractCollection.containsAll}; {@code M extends Base implements Checks}, Base declaring Checks'
     * methods), since neither overrides the other in the declaring classes; in the spec one implements the other.
     */
    private boolean implemented(ExecutableElement method, List<ExecutableElement> members, TypeElement spec) {
        return members.stream().anyMatch(member -> member != method
                && !member.getModifiers().contains(Modifier.ABSTRACT)
                && member.getSimpleName().equals(method.getSimpleName())
                && elements.overrides(member, method, spec));
    }

    /** Why the generated method cannot override {@code method}, which has the same name and erasure; empty if it can. */
    private Optional<String> clash(ExecutableElement method, ExecutableType asMember, ApiMethod api) {
        if (method.getModifiers().contains(Modifier.STATIC)) {
            return Optional.of("it is static, and an instance method cannot hide it");
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT) && !api.generated()) {
            return Optional.of("it is abstract, and a machine without composites or deferrals does not implement it"
                    + " (Machine's default would be hidden)");
        }
        if (method.getModifiers().contains(Modifier.FINAL) && api.generated()) {
            return Optional.of("it is final");
        }
        if (!method.getTypeParameters().isEmpty()) {
            return Optional.of("it is generic, and the machine's method is not");
        }
        for (int i = 0; i < api.parameters().size(); i++) {
            if (!types.isSameType(api.parameters().get(i), asMember.getParameterTypes().get(i))) {
                return Optional.of("its parameter type " + TypeNames.simple(asMember.getParameterTypes().get(i))
                        + " has the same erasure but is not the same type, so neither overrides the other");
            }
        }
        TypeMirror returns = asMember.getReturnType();
        boolean compatible = api.returns().getKind() == TypeKind.VOID
                ? returns.getKind() == TypeKind.VOID
                : returns.getKind() != TypeKind.VOID && (types.isSameType(api.returns(), returns)
                        || (!api.returns().getKind().isPrimitive() && types.isSubtype(api.returns(), returns)));
        if (!compatible) {
            return Optional.of("it returns " + TypeNames.simple(returns));
        }
        return Optional.empty();
    }

    private TypeMirror type(String qualifiedName) {
        return elements.getTypeElement(qualifiedName).asType();
    }

    private boolean sameErasures(List<TypeMirror> expected, List<? extends TypeMirror> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!types.isSameType(types.erasure(expected.get(i)), types.erasure(actual.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static String signature(ExecutableElement method) {
        return "spec method " + method.getSimpleName() + "(" + method.getParameters().stream()
                .map(p -> TypeNames.simple(p.asType()))
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }
}
