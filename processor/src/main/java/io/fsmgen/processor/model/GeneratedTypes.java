package io.fsmgen.processor.model;

import java.util.List;

/**
 * The types, other than the spec's own, that generated code names: fsmgen's API and the JDK's. When a name in scope
 * inside the machine shadows one of them, the machine writes it qualified, through a package root ({@code io},
 * {@code java}, {@code javax}) that nothing in the spec may obscure. {@code GeneratedTypesTest} checks this list
 * against what the goldens import.
 */
public final class GeneratedTypes {

    private GeneratedTypes() {}

    /** Canonical names of the top-level types generated code may name. */
    public static final List<String> CANONICAL_NAMES = List.of(
            "io.fsmgen.Capturable", "io.fsmgen.CellTables", "io.fsmgen.DeferredEvents", "io.fsmgen.EventQueue",
            "io.fsmgen.HierarchicalMachine", "io.fsmgen.ListenerList", "io.fsmgen.Machine", "io.fsmgen.Ordinals",
            "io.fsmgen.Outcome", "io.fsmgen.Scheduler", "io.fsmgen.Snapshot", "io.fsmgen.StateBits",
            "io.fsmgen.TransitionException", "io.fsmgen.TransitionFailure", "io.fsmgen.TransitionListener",
            "java.lang.AssertionError", "java.lang.Double", "java.lang.Error", "java.lang.Float",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException", "java.lang.Long",
            "java.lang.NullPointerException", "java.lang.Object", "java.lang.Override", "java.lang.Runnable",
            "java.lang.RuntimeException",
            "java.lang.SafeVarargs", "java.lang.String", "java.lang.SuppressWarnings", "java.lang.Throwable",
            "java.time.Duration", "javax.annotation.processing.Generated");
}
