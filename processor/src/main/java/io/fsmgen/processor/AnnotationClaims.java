package io.fsmgen.processor;

import io.fsmgen.processor.parse.Names;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Whether a round's annotations are all fsmgen's to claim, under {@code -Afsmgen.claim}. javac's {@code processing}
 * lint (in {@code -Xlint:all}) warns "No processor claimed any of these annotations" about each annotation no
 * processor claims, so a {@code -Xlint:all -Werror} build fails on a clean spec unless fsmgen claims its annotations,
 * and, in the round that compiles the machines, the {@code @Generated} it puts on them.
 *
 * <p>Not the default: javac then runs no later processor for those annotations, not even a universal ({@code "*"})
 * one, which may be the one generating a type the spec needs ({@code DeferralTest}). A processor claims all of a
 * round's annotations or none, so fsmgen claims only a round in which every {@code @Generated} marks one of its own
 * machines: another processor's generated code stays visible to the processors that want it.
 */
final class AnnotationClaims {

    private AnnotationClaims() {}

    /** The annotation types {@link StateMachineProcessor} supports: its own, and {@code @Generated}. */
    static Set<String> supported() {
        return Set.of(Names.STATE_MACHINE, Names.ON_ENTRY, Names.ON_EXIT, Names.TIMEOUT, Names.ON_ERROR,
                Names.EXTENDED_STATE, StateMachineProcessorInfo.GENERATED);
    }

    /** Whether {@code annotations}, this round's, are fsmgen's alone: the value {@code process} returns. */
    static boolean allOurs(Set<? extends TypeElement> annotations, RoundEnvironment round, String processorName) {
        for (TypeElement annotation : annotations) {
            if (annotation.getQualifiedName().contentEquals(StateMachineProcessorInfo.GENERATED)) {
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    if (!StateMachineProcessorInfo.generatedBy(element, processorName)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
