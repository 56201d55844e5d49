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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Collects {@code @OnEntry}, {@code @OnExit} and {@code @Timeout} methods from the spec and its superclasses, root
 * first and in source order, so that hooks run in a predictable order. An overriding method replaces the one it
 * overrides, so a hook never runs twice.
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
        List<List<Integer>> timeoutsByState = perState();
        for (Annotated hook : hooksRootFirst(spec)) {
            switch (hook.annotation()) {
                case Names.ON_ENTRY -> addHook(hook.method(), hook.mirror(), Role.ENTRY, entry);
                case Names.ON_EXIT -> addHook(hook.method(), hook.mirror(), Role.EXIT, exit);
                default -> addTimeout(hook.method(), hook.mirror(), timeouts, timeoutsByState);
            }
        }
        return failed ? Optional.empty() : Optional.of(new Hooks(entry, exit, timeouts, timeoutsByState));
    }

    private void addHook(ExecutableElement method, AnnotationMirror mirror, Role role, List<List<CallModel>> hooks) {
        List<Located<String>> names = SpecReader.strings(method, mirror, "value");
        Optional<CallModel> call = methods.resolve(method, role, Site.of(method, mirror));
        if (names.isEmpty()) {
            diagnostics.error(Site.of(method, mirror), "[FsmEmptyHook] @" + mirrorName(mirror)
                    + " must name at least one state");
            failed = true;
        }
        for (Located<String> name : names) {
            Optional<Integer> state = states.resolve(name, diagnostics);
            if (state.isEmpty() || call.isEmpty()) {
                failed = true;
                continue;
            }
            hooks.get(state.get()).add(call.get());
        }
        failed |= call.isEmpty();
    }

    private void addTimeout(ExecutableElement method, AnnotationMirror mirror, List<TimeoutModel> timeouts,
            List<List<Integer>> timeoutsByState) {
        boolean ok = true;
        Site site = Site.of(method, mirror);
        TypeMirror duration = elements.getTypeElement(Names.DURATION).asType();
        if (!types.isSameType(method.getReturnType(), duration) || !method.getParameters().isEmpty()) {
            diagnostics.error(site, "[FsmTimeoutMethod] timeout method '" + method.getSimpleName()
                    + "' must take no parameter and return java.time.Duration");
            ok = false;
        }
        if (!methods.isAccessible(method)) {
            diagnostics.error(site, "[FsmInaccessibleMethod] timeout method '" + method.getSimpleName()
                    + "' must not be private: the generated subclass calls it");
            ok = false;
        }
        List<Integer> ordinals = new ArrayList<>();
        List<Located<String>> names = SpecReader.strings(method, mirror, "state");
        if (names.isEmpty()) {
            diagnostics.error(site, "[FsmEmptyHook] @Timeout must name at least one state");
            ok = false;
        }
        for (Located<String> name : names) {
            Optional<Integer> state = states.resolve(name, diagnostics);
            ok &= state.isPresent();
            state.ifPresent(ordinals::add);
        }
        Optional<Integer> event = SpecReader.string(method, mirror, "fire").flatMap(fire -> events.resolve(fire,
                diagnostics));
        ok &= event.isPresent();
        if (!ok) {
            failed = true;
            return;
        }
        int index = timeouts.size();
        timeouts.add(new TimeoutModel(method.getSimpleName().toString(), ordinals, event.get()));
        ordinals.forEach(state -> timeoutsByState.get(state).add(index));
    }

    /** A hook annotation on a method. */
    private record Annotated(ExecutableElement method, String annotation, AnnotationMirror mirror) {}

    /**
     * Hook annotations of the spec and every superclass, root class first, each class in source order. Java does not
     * inherit method annotations, but a hook must survive an override, so an annotation found on an overridden method
     * stays in its place, and the override's own annotation of the same kind, if any, replaces it there.
     */
    private List<Annotated> hooksRootFirst(TypeElement spec) {
        Map<String, Annotated> bySignature = new LinkedHashMap<>();
        for (TypeElement type : Superclasses.rootFirst(spec)) {
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                String signature = method.getSimpleName() + types.erasure(method.asType()).toString();
                for (String annotation : List.of(Names.ON_ENTRY, Names.ON_EXIT, Names.TIMEOUT)) {
                    SpecReader.findAnnotation(method, annotation).ifPresent(mirror ->
                            bySignature.put(annotation + " " + signature, new Annotated(method, annotation, mirror)));
                }
            }
        }
        return new ArrayList<>(bySignature.values());
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
