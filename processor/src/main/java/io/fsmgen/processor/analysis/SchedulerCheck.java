package io.fsmgen.processor.analysis;

import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Timeouts are armed through the spec's scheduler method: it must exist, be callable, and throw nothing checked. */
final class SchedulerCheck {

    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;
    private final MethodResolver methods;

    SchedulerCheck(Elements elements, Types types, Diagnostics diagnostics, MethodResolver methods) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
        this.methods = methods;
    }

    void check(SpecDeclaration spec, Optional<Located<String>> written, String name) {
        TypeMirror scheduler = elements.getTypeElement(Names.SCHEDULER).asType();
        Site site = written.map(Located::site).orElse(spec.site());
        methods.members().stream()
                .filter(method -> method.getSimpleName().contentEquals(name))
                .forEach(method -> methods.requireResolved(method, "scheduler method", site));
        List<ExecutableElement> fitting = methods.members().stream()
                .filter(method -> method.getParameters().isEmpty()
                        && methods.isAccessible(method)
                        && types.isAssignable(method.getReturnType(), scheduler))
                .toList();
        Optional<ExecutableElement> found = fitting.stream()
                .filter(method -> method.getSimpleName().contentEquals(name))
                .findFirst();
        if (found.isPresent()) {
            for (TypeMirror thrown : found.get().getThrownTypes()) {
                if (methods.isChecked(thrown)) {
                    diagnostics.error(site, "[FsmCheckedException] scheduler method '" + name + "' declares checked"
                            + " exception " + TypeNames.simple(thrown) + "; timeouts are armed inside fire(), which"
                            + " throws no checked exception");
                }
            }
            return;
        }
        String suggestion = fitting.size() == 1
                ? "; did you mean scheduler = \"" + fitting.get(0).getSimpleName() + "\"?"
                : "";
        diagnostics.error(site, name.isBlank()
                ? "[FsmMissingScheduler] scheduler = \"\" names no method; the spec declares timeouts, so name"
                        + " a non-private method returning io.fsmgen.Scheduler that the machine uses to arm them"
                        + suggestion
                : "[FsmMissingScheduler] the spec declares timeouts, so it needs a non-private method"
                        + " 'io.fsmgen.Scheduler " + name + "()' that the machine uses to arm them" + suggestion);
    }
}
