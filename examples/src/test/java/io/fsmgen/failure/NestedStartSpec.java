package io.fsmgen.failure;

import io.fsmgen.StateMachine;

/**
 * {@link NestedErrorStateSpec} that starts inside OUTER, with INNER's entry action failing while the constructor enters
 * OUTER, INNER and A: the initial entry takes the error path like any transition, with a null event.
 */
@StateMachine(name = "NestedStartMachine", initial = "OUTER")
abstract class NestedStartSpec extends NestedErrorStateSpec {

    NestedStartSpec() {
        failIn = "+INNER";
    }
}
