package io.fsmgen.processor;

/** Facts about the processor that generated code records. */
public final class StateMachineProcessorInfo {
    /** The value of {@code @Generated} on every machine. */
    public static final String NAME = "io.fsmgen.processor.StateMachineProcessor";

    private StateMachineProcessorInfo() {}
}
