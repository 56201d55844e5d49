package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CallModel.Argument;
import io.fsmgen.processor.parse.ErrorTypes;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.MissingTypeException;
import io.fsmgen.processor.parse.Site;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the spec method a guard, action or hook names, and checks that the generated subclass can call it: not
 * private, reachable from the spec's package, right return type, a supported parameter list, no checked exceptions.
 */
final class MethodResolver {

    /** What a method is used for; decides the return type and the wording of messages. */
    enum Role {
        GUARD("guard"),
        ACTION("action"),
        ENTRY("entry action"),
        EXIT("exit action"),
        ERROR("error handler");

        final String noun;

        Role(String noun) {
            this.noun = noun;
        }
    }

    private final Elements elements;
    private final Types types;
    private final TypeElement spec;
    private final TypeMirror eventType;
    private final Optional<TypeMirror> payloadType;
    private final Diagnostics diagnostics;
    private final List<ExecutableElement> methods;
    /** Abstract methods already reported where a row or hook names them. */
    private final java.util.Set<ExecutableElement> reportedAbstract = new java.util.HashSet<>();

    MethodResolver(
            Elements elements,
            Types types,
            TypeElement spec,
            TypeMirror eventType,
            Optional<TypeMirror> payloadType,
            Diagnostics diagnostics) {
        this.elements = elements;
        this.types = types;
        this.spec = spec;
        this.eventType = eventType;
        this.payloadType = payloadType;
        this.diagnostics = diagnostics;
        this.methods = visibleOrDeclared(spec);
    }

    /**
     * The spec's member methods, plus methods declared in a superclass or superinterface that the spec does not
     * inherit (private, package-private in another package, or static in an interface) and nothing overrides: a name
     * that refers to one of those gets an error that says why it cannot be called, instead of "not found".
     */
    private List<ExecutableElement> visibleOrDeclared(TypeElement spec) {
        List<ExecutableElement> members = ElementFilter.methodsIn(elements.getAllMembers(spec));
        List<ExecutableElement> result = new ArrayList<>(callable(members, spec));
        java.util.Set<TypeElement> supertypes = new java.util.LinkedHashSet<>(Superclasses.rootFirst(spec));
        new TypeAccess(elements, types).allSupertypes(spec.asType()).forEach(supertype ->
                supertypes.add((TypeElement) ((javax.lang.model.type.DeclaredType) supertype).asElement()));
        for (TypeElement type : supertypes) {
            for (ExecutableElement declared : ElementFilter.methodsIn(type.getEnclosedElements())) {
                boolean hidden = !members.contains(declared)
                        && members.stream().noneMatch(member -> elements.overrides(member, declared, spec));
                if (hidden) {
                    result.add(declared);
                }
            }
        }
        return result;
    }


    /** The spec's member methods as Java resolves a call on the spec: {@code members} without those implemented there. */
    List<ExecutableElement> members() {
        return callable(ElementFilter.methodsIn(elements.getAllMembers(spec)), spec);
    }

    private List<ExecutableElement> callable(List<ExecutableElement> members, TypeElement spec) {
        return members.stream().filter(member -> !implementedInSpec(member, members, spec)).toList();
    }

    /**
     * Whether another member of the spec implements {@code member} there. javac lists an interface's method (abstract
     * or default) beside the superclass method that implements it when that superclass is not a subtype of the
     * interface ({@code M extends Base implements Checks}, both declaring {@code ready()}): Java calls the class's,
     * so the interface's is no candidate, and two "fitting overloads" would be a false ambiguity.
     */
    private boolean implementedInSpec(ExecutableElement member, List<ExecutableElement> members, TypeElement spec) {
        return members.stream().anyMatch(other -> other != member
                && other.getSimpleName().equals(member.getSimpleName())
                && !other.getModifiers().contains(Modifier.ABSTRACT)
                && elements.overrides(other, member, spec));
    }

    /** Resolves a method named in an annotation value. */
    Optional<CallModel> resolve(Located<String> name, Role role) {
        return resolve(name, role, diagnostics);
    }

    /** Resolves a method named in an annotation value, reporting to {@code diagnostics}. */
    Optional<CallModel> resolve(Located<String> name, Role role, Diagnostics diagnostics) {
        List<ExecutableElement> candidates = methods.stream()
                .filter(method -> method.getSimpleName().contentEquals(name.value()))
                .toList();
        if (candidates.isEmpty()) {
            Set<String> known = methods.stream()
                    .filter(method -> !method.getEnclosingElement().toString().equals("java.lang.Object"))
                    .map(method -> method.getSimpleName().toString())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            diagnostics.error(
                    name.site(),
                    "[FsmMissingMethod] " + role.noun + " method '" + name.value() + "' not found in "
                            + spec.getSimpleName() + Suggestions.didYouMean(name.value(), known));
            return Optional.empty();
        }
        candidates.forEach(candidate -> requireResolved(candidate, role, name.site()));
        List<CallModel> fitting = new ArrayList<>();
        List<ExecutableElement> chosen = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ExecutableElement candidate : candidates) {
            List<String> problemsOfCandidate = new ArrayList<>();
            Optional<Argument> argument = check(candidate, role, problemsOfCandidate);
            if (problemsOfCandidate.isEmpty() && argument.isPresent()) {
                fitting.add(new CallModel(name.value(), argument.get(), isStatic(candidate)));
                chosen.add(candidate);
            } else {
                problems.addAll(problemsOfCandidate);
            }
        }
        if (fitting.size() == 1) {
            Optional<String> hiding = hiddenBy(chosen.get(0), fitting.get(0), role);
            if (hiding.isPresent()) {
                diagnostics.error(name.site(), hiding.get());
                return Optional.empty();
            }
            return Optional.of(fitting.get(0));
        }
        if (fitting.size() > 1) {
            diagnostics.error(
                    name.site(),
                    "[FsmAmbiguousMethod] " + role.noun + " '" + name.value() + "' is ambiguous: " + fitting.size()
                            + " overloads fit; keep one");
            return Optional.empty();
        }
        diagnostics.error(name.site(), problems.get(0));
        return Optional.empty();
    }

    /** Checks a method that carries a hook annotation itself ({@code @OnEntry}, {@code @OnExit}). */
    Optional<CallModel> resolve(ExecutableElement method, Role role, Site site) {
        methods.stream()
                .filter(overload -> overload.getSimpleName().equals(method.getSimpleName()))
                .forEach(overload -> requireResolved(overload, role, site));
        List<String> problems = new ArrayList<>();
        Optional<Argument> argument = check(method, role, problems);
        if (!problems.isEmpty() || argument.isEmpty()) {
            problems.forEach(problem -> diagnostics.error(site, problem));
            return Optional.empty();
        }
        CallModel call = new CallModel(method.getSimpleName().toString(), argument.get(), isStatic(method));
        Optional<String> hiding = hiddenBy(method, call, role);
        hiding.ifPresent(problem -> diagnostics.error(site, problem));
        return hiding.isPresent() ? Optional.empty() : Optional.of(call);
    }

    /**
     * Checks an {@code @OnError} method: no parameter, or one {@code TransitionFailure}; callable; nothing checked
     * thrown.
     */
    Optional<CallModel> resolveErrorHandler(ExecutableElement method, Site site, TypeMirror failureType) {
        requireResolved(method, Role.ERROR, site);
        List<String> problems = new ArrayList<>();
        String what = "error handler '" + method.getSimpleName() + "'";
        checkCallable(method, what, problems);
        Argument argument = Argument.NONE;
        TypeElement failure = elements.getTypeElement(io.fsmgen.processor.parse.Names.TRANSITION_FAILURE);
        if (method.getParameters().size() == 1 && types.isSameType(types.erasure(parameterTypes(method).get(0)),
                types.erasure(failure.asType()))) {
            argument = Argument.FAILURE;
            if (!types.isAssignable(failureType, parameterTypes(method).get(0))) {
                problems.add("[FsmMethodParameters] " + what + " takes " + parameterList(method) + ", but the machine"
                        + " passes " + TypeNames.simple(failureType) + "; take that, or TransitionFailure<?, ?>");
            }
        } else if (!method.getParameters().isEmpty()) {
            problems.add("[FsmMethodParameters] " + what + " takes " + parameterList(method) + "; it must take no"
                    + " parameter, or one TransitionFailure");
        }
        problems.forEach(problem -> diagnostics.error(site, problem));
        return problems.isEmpty()
                ? Optional.of(new CallModel(method.getSimpleName().toString(), argument, isStatic(method)))
                : Optional.empty();
    }

    /**
     * Defers the spec while a parameter, thrown or return type of {@code method} does not exist yet (another spec's
     * machine, or a type another processor generates later): javac takes such an error type for the same type as any
     * other, so the method would pass for one taking the event or the payload (or returning a Duration or a
     * Scheduler), and the call the machine made would fail inside the generated class once the type exists. Once it
     * does, the method is checked as written; if it never does, the spec ends as {@code FsmUndefinedType} on
     * {@code site}.
     */
    private void requireResolved(ExecutableElement method, Role role, Site site) {
        requireResolved(method, role.noun, site);
    }

    /** {@link #requireResolved(ExecutableElement, Role, Site)} for a method used as {@code noun} (a timeout's). */
    void requireResolved(ExecutableElement method, String noun, Site site) {
        List<? extends TypeMirror> parameters = parameterTypes(method);
        for (int i = 0; i < parameters.size(); i++) {
            requireResolved(parameters.get(i), "parameter " + method.getParameters().get(i).getSimpleName(), method,
                    noun, site);
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            requireResolved(thrown, "a thrown type", method, noun, site);
        }
        requireResolved(method.getReturnType(), "the return type", method, noun, site);
    }

    /** @param role what {@code type} is to the method, to name it by when javac printed it as {@code <any>} */
    private static void requireResolved(TypeMirror type, String role, ExecutableElement method, String noun,
            Site site) {
        if (ErrorTypes.containsError(type)) {
            String what = ErrorTypes.written(type).map(written -> "the type " + written)
                    .orElse(role.startsWith("parameter") ? "the type of " + role : role);
            throw new MissingTypeException(what + " in " + noun + " '" + method.getSimpleName() + "'", site);
        }
    }

    private static boolean isStatic(ExecutableElement method) {
        return method.getModifiers().contains(Modifier.STATIC);
    }

    /**
     * The generated code calls {@code name(argument)}, and javac picks the most specific applicable overload: when
     * that is not the method the row or hook means (an unannotated {@code hook(String)} beside an annotated
     * {@code hook(Object)}), the other one would run instead.
     */
    private Optional<String> hiddenBy(ExecutableElement chosen, CallModel call, Role role) {
        if (call.argument() == Argument.NONE || call.argument() == Argument.FAILURE) {
            return Optional.empty();
        }
        TypeMirror argumentType = call.argument() == Argument.EVENT ? eventType : payloadType.orElseThrow();
        TypeMirror chosenParameter = parameterTypes(chosen).get(0);
        for (ExecutableElement other : methods) {
            if (other.equals(chosen) || !other.getSimpleName().contentEquals(call.method())
                    || other.getParameters().size() != 1 || !isAccessible(other) || other.isVarArgs()) {
                continue;
            }
            TypeMirror otherParameter = parameterTypes(other).get(0);
            if (types.isAssignable(argumentType, otherParameter)
                    && !types.isSubtype(types.erasure(chosenParameter), types.erasure(otherParameter))) {
                return Optional.of("[FsmAmbiguousMethod] " + role.noun + " '" + call.method() + "("
                        + TypeNames.simple(chosenParameter) + ")' would not run: the machine calls "
                        + call.method() + "(" + call.argument().name().toLowerCase(java.util.Locale.ROOT) + "), and Java"
                        + " picks the more specific overload " + call.method() + "(" + TypeNames.simple(otherParameter)
                        + "); rename one of them");
            }
        }
        return Optional.empty();
    }

    /** Records that {@code method} was reported as abstract where it is used, so it is not reported again. */
    void markReportedAbstract(ExecutableElement method) {
        reportedAbstract.add(method);
    }

    /** Whether an error about {@code method} being abstract was already reported where it is used. */
    boolean reportedAsAbstract(ExecutableElement method) {
        return reportedAbstract.contains(method);
    }

    /** Whether {@code method} can be called from the generated class, which lives in the spec's package. */
    boolean isAccessible(ExecutableElement method) {
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.PRIVATE)) {
            return false;
        }
        if (modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED)) {
            return true;
        }
        return packageOf(method).equals(packageOf(spec));
    }

    private Optional<Argument> check(ExecutableElement method, Role role, List<String> problems) {
        String name = "'" + method.getSimpleName() + "'";
        String what = role.noun + " " + name;
        checkCallable(method, what, problems);
        if (role == Role.GUARD && method.getReturnType().getKind() != TypeKind.BOOLEAN) {
            problems.add("[FsmGuardReturnType] " + what + " must return boolean, but returns "
                    + TypeNames.simple(method.getReturnType()));
        }
        Optional<Argument> argument = argument(method);
        if (argument.isEmpty()) {
            problems.add("[FsmMethodParameters] " + what + " takes " + parameterList(method) + "; it must take no"
                    + " parameter, or one " + TypeNames.simple(eventType) + " (the event)"
                    + payloadType.map(payload -> ", or one " + TypeNames.simple(payload) + " (the payload)")
                            .orElse(""));
        } else if (argument.get() == Argument.PAYLOAD && parameterTypes(method).get(0).getKind().isPrimitive()) {
            problems.add("[FsmNullPayload] " + what + " takes " + TypeNames.simple(parameterTypes(method).get(0))
                    + ", which cannot receive the null payload of fire(event); take "
                    + TypeNames.simple(payloadType.orElseThrow()) + " instead");
        }
        return argument;
    }

    /** Problems that keep the generated subclass from calling {@code method} at all. */
    private void checkCallable(ExecutableElement method, String what, List<String> problems) {
        if (method.getModifiers().contains(Modifier.STATIC) && method.getEnclosingElement().getKind().isInterface()) {
            problems.add("[FsmInaccessibleMethod] " + what + " is a static method of interface "
                    + method.getEnclosingElement().getSimpleName() + ": static interface methods are not inherited, so"
                    + " the machine cannot call it; call it from a method of the spec");
        } else if (method.getModifiers().contains(Modifier.PRIVATE)) {
            problems.add("[FsmInaccessibleMethod] " + what + " is private; the generated subclass cannot call it."
                    + (method.getEnclosingElement().getKind().isInterface() ? " Make it a default method"
                            : " Make it package-private or protected"));
        } else if (!isAccessible(method)) {
            problems.add("[FsmInaccessibleMethod] " + what + " is package-private in " + packageOf(method)
                    + " and cannot be called from " + packageOf(spec));
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            reportedAbstract.add(method);
            problems.add("[FsmAbstractMethod] " + what + " is abstract; the generated class cannot implement it");
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (isChecked(thrown)) {
                problems.add("[FsmCheckedException] " + what + " declares checked exception "
                        + TypeNames.simple(thrown) + "; guards and actions run inside fire(), which throws no"
                        + " checked exception");
            }
        }
    }

    private Optional<Argument> argument(ExecutableElement method) {
        if (method.getParameters().isEmpty()) {
            return Optional.of(Argument.NONE);
        }
        if (method.getParameters().size() > 1) {
            return Optional.empty();
        }
        TypeMirror parameter = parameterTypes(method).get(0);
        if (types.isSameType(types.erasure(parameter), types.erasure(eventType))) {
            return Optional.of(Argument.EVENT);
        }
        if (payloadType.isPresent() && types.isAssignable(payloadType.get(), parameter)) {
            return Optional.of(Argument.PAYLOAD);
        }
        return Optional.empty();
    }

    /** Parameter types as seen from the spec, so that {@code T} of a generic superclass is its type argument. */
    private List<? extends TypeMirror> parameterTypes(ExecutableElement method) {
        try {
            return ((ExecutableType) types.asMemberOf((DeclaredType) spec.asType(), method)).getParameterTypes();
        } catch (IllegalArgumentException notAMember) {
            return method.getParameters().stream().map(p -> p.asType()).toList();
        }
    }

    boolean isChecked(TypeMirror thrown) {
        TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
        TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
        return !types.isSubtype(thrown, runtime) && !types.isSubtype(thrown, error);
    }

    private String parameterList(ExecutableElement method) {
        return parameterTypes(method).stream()
                .map(TypeNames::simple)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private String packageOf(javax.lang.model.element.Element element) {
        PackageElement pkg = elements.getPackageOf(element);
        return pkg.isUnnamed() ? "the unnamed package" : pkg.getQualifiedName().toString();
    }
}
