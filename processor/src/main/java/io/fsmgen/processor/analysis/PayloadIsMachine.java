package io.fsmgen.processor.analysis;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.fsmgen.processor.parse.Site;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Finds {@code payload = MMachine.class} (or an array of it, {@code MMachine[].class}) naming the machine the spec
 * itself generates, or another spec's that waits in turn for this one's. A machine's methods are made from its payload type, so it cannot be generated before its
 * payload exists: javac hands the processor an error value every round, and the spec would wait for a type that
 * never comes and end as a misleading {@code FsmUndefinedType}.
 * An error value does not say what was written, so the class literal is read from javac's trees: under javac only,
 * and for a spec compiled from source; elsewhere nothing is found and the spec ends as before.
 */
public final class PayloadIsMachine {

    /** javac's trees, or null under a compiler that has none. */
    private final Trees trees;
    private final Elements elements;

    private PayloadIsMachine(Trees trees, Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    /** The check, with the trees of {@code environment}'s compiler when it has them. */
    public static PayloadIsMachine of(ProcessingEnvironment environment) {
        return new PayloadIsMachine(CompilerTrees.orNull(environment), environment.getElementUtils());
    }

    /**
     * A payload found naming a machine: where it is set, and the payload type as it names the machine
     * ({@code test.MMachine}, or {@code test.MMachine[]} for an array of it).
     */
    public record Found(Site site, String payload) {

        /** The payload for a message: the machine's name, or the array's followed by what it needs. */
        public String describe(String machine) {
            return payload.equals(machine) ? machine : payload + ", which needs " + machine;
        }
    }

    /**
     * Where {@code mirror}, the spec's {@code @StateMachine}, sets a payload that javac could not resolve and that
     * names the machine {@code machine} (qualified), or an array of it, written qualified, or simple when it is of the
     * spec's package.
     */
    public Optional<Found> site(TypeElement spec, AnnotationMirror mirror, String machine) {
        Optional<AnnotationValue> value = unresolvedPayload(mirror);
        if (value.isEmpty() || trees == null || !(trees.getTree(spec, mirror) instanceof AnnotationTree annotation)) {
            return Optional.empty();
        }
        for (ExpressionTree argument : annotation.getArguments()) {
            if (argument instanceof AssignmentTree assignment
                    && assignment.getVariable() instanceof IdentifierTree member
                    && member.getName().contentEquals("payload")
                    && assignment.getExpression() instanceof MemberSelectTree literal
                    && literal.getIdentifier().contentEquals("class")) {
                Tree written = literal.getExpression();
                String dimensions = "";
                while (written instanceof ArrayTypeTree array) {
                    written = array.getType();
                    dimensions += "[]";
                }
                if (names(written, machine, spec)) {
                    return Optional.of(new Found(Site.of(spec, mirror, value.get()), machine + dimensions));
                }
            }
        }
        return Optional.empty();
    }

    /** The payload value as javac gave it when it could not resolve the class: an error type, or its text. */
    private static Optional<AnnotationValue> unresolvedPayload(AnnotationMirror mirror) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals("payload")) {
                Object raw = entry.getValue().getValue();
                boolean resolved = raw instanceof TypeMirror type && type.getKind() != TypeKind.ERROR;
                return resolved ? Optional.empty() : Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    private boolean names(Tree written, String machine, TypeElement spec) {
        String text = written.toString();
        int dot = machine.lastIndexOf('.');
        String machinePackage = dot < 0 ? "" : machine.substring(0, dot);
        return text.equals(machine) || text.equals(machine.substring(dot + 1))
                && elements.getPackageOf(spec).getQualifiedName().contentEquals(machinePackage);
    }
}
