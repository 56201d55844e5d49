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
 * {@code addListener}, {@code removeListener}) and the {@code Capturable} one ({@code encode}, {@code decode},
 * {@code snapshot}, {@code restore(Snapshot)}) and implements nothing else. A spec method with one of those
 * signatures must be one the generated method can override, and any other abstract method would leave the generated
 * class unable to compile: both are reported on the spec's method, not as an error inside generated code.
 */
final class GeneratedApiCheck {

    private record ApiMethod(String name, List<TypeMirror> parameters, TypeMirror returns) {}

    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;

    GeneratedApiCheck(Elements elements, Types types, Diagnostics diagnostics) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
    }

    void check(TypeElement spec, TypeMirror stateType, TypeMirror eventType, Optional<TypeMirror> payloadType,
            MethodResolver methods) {
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
                new ApiMethod("restore", List.of(type("io.fsmgen.Snapshot")), voidType)));
        payloadType.ifPresent(payload -> api.add(new ApiMethod("fire", List.of(eventType, payload), booleanType)));

        DeclaredType specType = (DeclaredType) spec.asType();
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(spec))) {
            if (method.getModifiers().contains(Modifier.PRIVATE) || method.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            ExecutableType asMember = (ExecutableType) types.asMemberOf(specType, method);
            Optional<ApiMethod> same = api.stream()
                    .filter(candidate -> candidate.name().contentEquals(method.getSimpleName())
                            && sameErasures(candidate.parameters(), asMember.getParameterTypes()))
                    .findFirst();
            Site site = Site.of(method);
            if (same.isPresent()) {
                boolean overridable = !method.getModifiers().contains(Modifier.FINAL)
                        && types.isSubtype(same.get().returns(), asMember.getReturnType())
                        && (same.get().returns().getKind() != TypeKind.VOID
                                || asMember.getReturnType().getKind() == TypeKind.VOID);
                if (!overridable) {
                    diagnostics.error(site, "[FsmReservedName] " + signature(method) + " clashes with the method of"
                            + " that signature the generated machine defines (returning " + same.get().returns()
                            + "); rename it, or declare it abstract with that return type");
                }
            } else if (method.getModifiers().contains(Modifier.ABSTRACT) && !methods.reportedAsAbstract(method)) {
                diagnostics.error(site, "[FsmAbstractMethod] " + signature(method) + " is abstract, but the generated"
                        + " machine implements only state(), fire(), restore(), addListener(), removeListener(), encode(),"
                        + " decode() and snapshot();"
                        + " give it a body");
            }
        }
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
                .map(p -> p.asType().toString())
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }
}
