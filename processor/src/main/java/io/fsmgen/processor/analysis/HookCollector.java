package io.fsmgen.processor.analysis;

import io.fsmgen.processor.analysis.MethodResolver.Role;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.TimeoutModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Collects {@code @OnEntry}, {@code @OnExit}, {@code @Timeout} and {@code @OnError} methods from the spec, its
 * superclasses and the interfaces they implement (default methods), root first and in source order, so that hooks
 * run in a predictable order. An overriding method replaces the one it overrides, so a hook never runs twice, and an
 * annotated abstract method runs as its implementation in the spec.
 */
final class HookCollector {

    private final Elements elements;
    private final Types types;
    private final NameTable states;
    private final NameTable events;
    private final MethodResolver methods;
    private final Diagnostics diagnostics;
    private boolean failed;

    HookCollector(Elements elements, Types types, NameTable states, NameTable events, MethodResolver methods,
            Diagnostics diagnostics) {
        this.elements = elements;
        this.types = types;
        this.states = states;
        this.events = events;
        this.methods = methods;
        this.diagnostics = diagnostics;
    }

    Optional<Hooks> collect(TypeElement spec) {
        List<List<CallModel>> entry = perState();
        List<List<CallModel>> exit = perState();
        List<TimeoutModel> timeouts = new ArrayList<>();
        List<Site> timeoutSites = new ArrayList<>();
        List<List<Integer>> timeoutsByState = perState();
        List<CallModel> errorHandlers = new ArrayList<>();
        // One hook per method the machine calls: an override whose erasure differs from the overridden method's
        // (a generic parameter, a covariant return) has another signature, yet the same implementation runs.
        Map<List<Object>, Annotated> byImplementation = new LinkedHashMap<>();
        for (Annotated hook : hooksRootFirst(spec)) {
            byImplementation.put(List.of(hook.annotation(), implementation(spec, hook.method())), hook);
        }
        for (Annotated hook : byImplementation.values()) {
            ExecutableElement method = implementation(spec, hook.method());
            switch (hook.annotation()) {
                case Names.ON_ENTRY -> addHook(hook, method, Role.ENTRY, entry);
                case Names.ON_EXIT -> addHook(hook, method, Role.EXIT, exit);
                case Names.ON_ERROR -> methods.resolveErrorHandler(method, Site.of(hook.method(), hook.mirror()),
                                failureType())
                        .ifPresentOrElse(errorHandlers::add, () -> failed = true);
                default -> addTimeout(hook, method, timeouts, timeoutSites, timeoutsByState);
            }
        }
        return failed ? Optional.empty()
                : Optional.of(new Hooks(entry, exit, timeouts, timeoutsByState, timeoutSites, errorHandlers));
    }

    /** {@code TransitionFailure<S, E>}, what the machine hands an {@code @OnError} method. */
    private TypeMirror failureType() {
        TypeElement failure = elements.getTypeElement(Names.TRANSITION_FAILURE);
        return types.getDeclaredType(failure, states.type().value(), events.type().value());
    }

    /** The method that runs when the machine calls {@code annotated}: an override in the spec, if any. */
    private ExecutableElement implementation(TypeElement spec, ExecutableElement annotated) {
        for (ExecutableElement member : ElementFilter.methodsIn(elements.getAllMembers(spec))) {
            if (!member.equals(annotated) && elements.overrides(member, annotated, spec)) {
                return member;
            }
        }
        return annotated;
    }

    private void addHook(Annotated hook, ExecutableElement method, Role role, List<List<CallModel>> hooks) {
        Site site = Site.of(hook.method(), hook.mirror());
        List<Located<String>> names = SpecReader.strings(hook.method(), hook.mirror(), "value");
        Optional<CallModel> call = methods.resolve(method, role, site);
        if (names.isEmpty()) {
            diagnostics.error(site, "[FsmEmptyHook] @" + mirrorName(hook.mirror()) + " must name at least one state");
            failed = true;
        }
        Set<Integer> seen = new LinkedHashSet<>();
        for (Located<String> name : names) {
            Optional<Integer> state = states.resolve(name, diagnostics);
            if (state.isEmpty() || call.isEmpty()) {
                failed = true;
                continue;
            }
            if (seen.add(state.get())) { // a state listed twice still runs the hook once
                hooks.get(state.get()).add(call.get());
            }
        }
        failed |= call.isEmpty();
    }

    private void addTimeout(Annotated hook, ExecutableElement method, List<TimeoutModel> timeouts,
            List<Site> timeoutSites, List<List<Integer>> timeoutsByState) {
        boolean ok = true;
        Site site = Site.of(hook.method(), hook.mirror());
        methods.requireResolved(method, "timeout method", site);
        String name = "'" + method.getSimpleName() + "'";
        TypeMirror duration = elements.getTypeElement(Names.DURATION).asType();
        TypeMirror returned = method.getReturnType();
        if (!types.isSameType(returned, duration) || !method.getParameters().isEmpty()) {
            diagnostics.error(site, "[FsmTimeoutMethod] timeout method " + name
                    + " must take no parameter and return java.time.Duration, but "
                    + (method.getParameters().isEmpty() ? "" : "takes " + method.getParameters().size()
                            + " parameter(s) and ")
                    + "returns " + TypeNames.simple(returned));
            ok = false;
        }
        if (!methods.isAccessible(method)) {
            diagnostics.error(site, "[FsmInaccessibleMethod] timeout method " + name
                    + " must not be private: the generated subclass calls it");
            ok = false;
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            methods.markReportedAbstract(method);
            diagnostics.error(site, "[FsmAbstractMethod] timeout method " + name
                    + " is abstract; the generated class cannot implement it");
            ok = false;
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (methods.isChecked(thrown)) {
                diagnostics.error(site, "[FsmCheckedException] timeout method " + name + " declares checked"
                        + " exception " + TypeNames.simple(thrown) + "; timeouts are armed inside fire(), which"
                        + " throws no checked exception");
                ok = false;
            }
        }
        Set<Integer> ordinals = new LinkedHashSet<>();
        List<Located<String>> names = SpecReader.strings(hook.method(), hook.mirror(), "state");
        if (names.isEmpty()) {
            diagnostics.error(site, "[FsmEmptyHook] @Timeout must name at least one state");
            ok = false;
        }
        for (Located<String> state : names) {
            Optional<Integer> ordinal = states.resolve(state, diagnostics);
            ok &= ordinal.isPresent();
            ordinal.ifPresent(ordinals::add);
        }
        Optional<Integer> event = SpecReader.string(hook.method(), hook.mirror(), "fire")
                .flatMap(fire -> events.resolve(fire, diagnostics));
        ok &= event.isPresent();
        if (!ok) {
            failed = true;
            return;
        }
        int index = timeouts.size();
        timeouts.add(new TimeoutModel(method.getSimpleName().toString(), List.copyOf(ordinals), event.get(),
                method.getModifiers().contains(Modifier.STATIC)));
        timeoutSites.add(site);
        ordinals.forEach(state -> timeoutsByState.get(state).add(index));
    }

    /** A hook annotation on a method. */
    private record Annotated(ExecutableElement method, String annotation, AnnotationMirror mirror) {}

    /**
     * Hook annotations of the spec and every supertype, root class first, each class after the interfaces it
     * implements, each in source order. Java does not inherit method annotations, but a hook must survive an
     * override, so an annotation found on an overridden method stays in its place, and the override's own annotation
     * of the same kind, if any, replaces it there.
     */
    private List<Annotated> hooksRootFirst(TypeElement spec) {
        Map<String, Annotated> bySignature = new LinkedHashMap<>();
        Set<TypeElement> visited = new java.util.HashSet<>();
        for (TypeElement type : Superclasses.rootFirst(spec)) {
            collect(type, bySignature, visited);
        }
        return new ArrayList<>(bySignature.values());
    }

    private void collect(TypeElement type, Map<String, Annotated> bySignature, Set<TypeElement> visited) {
        if (!visited.add(type)) {
            return;
        }
        for (TypeMirror implemented : type.getInterfaces()) {
            if (implemented instanceof DeclaredType declared) {
                collect((TypeElement) declared.asElement(), bySignature, visited);
            }
        }
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            boolean staticInInterface = method.getModifiers().contains(Modifier.STATIC) && type.getKind().isInterface();
            String signature = erasedSignature(method);
            for (String annotation : Names.HOOKS) {
                Optional<AnnotationMirror> mirror = SpecReader.findAnnotation(method, annotation);
                if (mirror.isPresent() && staticInInterface) {
                    failed = true;
                    diagnostics.error(Site.of(method, mirror.get()), "[FsmInaccessibleMethod] @"
                            + mirrorName(mirror.get()) + " on static interface method '" + method.getSimpleName()
                            + "': static interface methods are not inherited, so the machine cannot call it; move"
                            + " it to the spec");
                } else {
                    mirror.ifPresent(found ->
                            bySignature.put(annotation + " " + signature, new Annotated(method, annotation, found)));
                }
            }
        }
    }

    /**
     * The method's name and its parameters' erasures: what an override shares with the method it overrides. Built from
     * the parameters, since Eclipse's compiler refuses {@code Types.erasure} of a method's own (executable) type.
     */
    private String erasedSignature(ExecutableElement method) {
        StringBuilder signature = new StringBuilder().append(method.getSimpleName()).append('(');
        for (VariableElement parameter : method.getParameters()) {
            signature.append(types.erasure(parameter.asType())).append(',');
        }
        return signature.append(')').toString();
    }

    private <T> List<List<T>> perState() {
        List<List<T>> lists = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static String mirrorName(AnnotationMirror mirror) {
        return mirror.getAnnotationType().asElement().getSimpleName().toString();
    }
}
