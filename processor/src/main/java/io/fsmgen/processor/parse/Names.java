package io.fsmgen.processor.parse;

import java.util.List;

/**
 * Qualified names of the fsmgen annotations and types, as strings, so that the processor reads annotations through
 * mirrors and never needs their classes at run time.
 */
public final class Names {
    public static final String STATE_MACHINE = "io.fsmgen.StateMachine";
    public static final String TRANSITION = "io.fsmgen.Transition";
    public static final String ON_ENTRY = "io.fsmgen.OnEntry";
    public static final String ON_EXIT = "io.fsmgen.OnExit";
    public static final String TIMEOUT = "io.fsmgen.Timeout";
    public static final String EXTENDED_STATE = "io.fsmgen.ExtendedState";
    public static final String ON_ERROR = "io.fsmgen.OnError";
    public static final String TRANSITION_FAILURE = "io.fsmgen.TransitionFailure";
    public static final String MACHINE = "io.fsmgen.Machine";
    public static final String COMPOSITE = "io.fsmgen.Composite";
    public static final String DEFER = "io.fsmgen.Defer";
    public static final String NOT_SET = "io.fsmgen.StateMachine.NotSet";
    public static final String SCHEDULER = "io.fsmgen.Scheduler";
    public static final String DURATION = "java.time.Duration";
    public static final String WILDCARD = "*";
    /** The hook annotations, which run only on a spec or a class a spec extends. */
    public static final List<String> HOOKS = List.of(ON_ENTRY, ON_EXIT, TIMEOUT, ON_ERROR);

    private Names() {}
}
