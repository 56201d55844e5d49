package io.fsmgen.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Facts about the processor that generated code records, and how to read them back. */
public final class StateMachineProcessorInfo {
    /** The value of {@code @Generated} on every machine. */
    public static final String NAME = "io.fsmgen.processor.StateMachineProcessor";
    /** The annotation every machine carries, naming {@link #NAME}. */
    public static final String GENERATED = "javax.annotation.processing.Generated";

    private StateMachineProcessorInfo() {}

    /** Whether {@code element} carries {@code @Generated} naming {@code processorName}, alone or in an array. */
    public static boolean generatedBy(Element element, String processorName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(GENERATED)) {
                return mirror.getElementValues().entrySet().stream()
                        .filter(value -> value.getKey().getSimpleName().contentEquals("value"))
                        .anyMatch(value -> value.getValue().toString().contains('"' + processorName + '"'));
            }
        }
        return false;
    }
}
