package io.fsmgen.processor.analysis;

import io.fsmgen.processor.analysis.Diagnostics.Reported;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import io.fsmgen.processor.parse.SpecReader;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;

/**
 * Prints a spec's recorded problems so that each machine's problems are reported once, on the spec that generates
 * it. A problem written inside the spec stays where it is. A problem found on something inherited (a parent's row or
 * attribute, a superclass's hook, a JDK method) is the parent's to report when the parent has it too, and is
 * otherwise reported on this spec, naming the machine and where the inherited part was written; javac could not show
 * a position in another class to the user of this one anyway. A spec that generates no machine always says why.
 */
final class InheritedReports {

    private final Diagnostics out;

    InheritedReports(Diagnostics out) {
        this.out = out;
    }

    /**
     * @param parentProblems what the parent spec's own analysis recorded: problems this spec inherits unchanged
     * @param machine the simple name of the machine this spec generates, for messages
     */
    void print(SpecDeclaration spec, List<Reported> recorded, List<Reported> parentProblems, String machine,
            boolean generated) {
        boolean errorPrinted = false;
        boolean parentHasErrors = false;
        for (Reported problem : recorded) {
            boolean error = problem.kind() == Diagnostic.Kind.ERROR;
            if (within(problem.site().element(), spec.type())) {
                emit(problem.kind(), problem.site(), problem.message());
                errorPrinted |= error;
            } else if (parentProblems.stream().anyMatch(known -> same(known, problem))) {
                parentHasErrors |= error;
            } else {
                emit(problem.kind(), spec.site(), retargeted(problem, machine));
                errorPrinted |= error;
            }
        }
        if (!generated && !errorPrinted) {
            String parent = spec.parent().map(p -> p.type().getQualifiedName().toString()).orElse("its parent");
            out.error(spec.site(), "[FsmParentSpec] no machine " + machine + " generated for "
                    + spec.type().getSimpleName() + (parentHasErrors
                            ? ": the table it inherits from " + parent + " has errors, reported on " + parent
                            : ": see the errors above"));
        }
    }

    /**
     * The same problem, as the parent found it: same place and same tag. The wording may differ (it names the spec
     * whose methods were searched, for one).
     */
    private static boolean same(Reported known, Reported problem) {
        return known.kind() == problem.kind() && known.site().equals(problem.site())
                && tag(known.message()).equals(tag(problem.message()));
    }

    private static String tag(String message) {
        return message.startsWith("[") && message.indexOf(']') > 0 ? message.substring(0, message.indexOf(']') + 1)
                : message;
    }

    private void emit(Diagnostic.Kind kind, Site site, String message) {
        if (kind == Diagnostic.Kind.ERROR) {
            out.error(site, message);
        } else {
            out.warning(site, message);
        }
    }

    /** "[Tag] rest" becomes "[Tag] machine M, inherited Order row 7: rest", keeping the tag first. */
    private static String retargeted(Reported problem, String machine) {
        String message = problem.message();
        String tag = "";
        if (message.startsWith("[") && message.indexOf(']') > 0) {
            tag = message.substring(0, message.indexOf(']') + 1) + " ";
            message = message.substring(tag.length()).stripLeading();
        }
        return tag + "machine " + machine + ", " + origin(problem.site()) + ": " + message;
    }

    /** Where an inherited problem was written: "inherited Order row 7", "inherited AbstractList.get(int)". */
    static String origin(Site site) {
        Element element = site.element();
        if (element instanceof ExecutableElement method) {
            return "inherited " + method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "("
                    + method.getParameters().stream().map(p -> TypeNames.simple(p.asType()))
                            .collect(java.util.stream.Collectors.joining(", ")) + ")";
        }
        if (element instanceof VariableElement field && field.getEnclosingElement() instanceof TypeElement owner) {
            return "inherited field " + owner.getSimpleName() + "." + field.getSimpleName();
        }
        if (element instanceof TypeElement type && site.mirror().isPresent()) {
            Optional<Integer> row = rowIndex(type, site.mirror().get());
            if (row.isPresent()) {
                return "inherited " + type.getSimpleName() + " row " + row.get();
            }
            String annotation = ((TypeElement) site.mirror().get().getAnnotationType().asElement()).getQualifiedName()
                    .toString();
            if (annotation.equals(Names.COMPOSITE)) {
                return "inherited @Composite of " + type.getSimpleName();
            }
            if (annotation.equals(Names.DEFER)) {
                return "inherited @Defer of " + type.getSimpleName();
            }
            return "inherited from @StateMachine of " + type.getSimpleName();
        }
        return "inherited from " + element.getSimpleName();
    }

    private static Optional<Integer> rowIndex(TypeElement type, AnnotationMirror mirror) {
        Optional<AnnotationMirror> spec = SpecReader.findAnnotation(type, Names.STATE_MACHINE);
        if (spec.isEmpty() || spec.get() == mirror) {
            return Optional.empty();
        }
        int index = 1;
        for (var entry : spec.get().getElementValues().entrySet()) {
            if (!entry.getKey().getSimpleName().contentEquals("transitions")) {
                continue;
            }
            for (var item : SpecReader.items(entry.getValue())) {
                if (item.getValue() == mirror) {
                    return Optional.of(index);
                }
                index++;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code element} is written inside {@code type}: the type itself, a member, a member's member. */
    static boolean within(Element element, TypeElement type) {
        for (Element at = element; at != null && at.getKind() != ElementKind.PACKAGE && at.getKind() != ElementKind.MODULE;
                at = at.getEnclosingElement()) {
            if (at.equals(type)) {
                return true;
            }
        }
        return false;
    }
}
