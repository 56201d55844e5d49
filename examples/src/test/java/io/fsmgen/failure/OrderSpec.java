package io.fsmgen.failure;

import io.fsmgen.ManualScheduler;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An order that expires 30 minutes after it is placed or paid, with a spec method in each place a machine calls one:
 * the guard {@code canPay}, the exit action {@code leaveNew}, the action {@code charge} and the entry action
 * {@code enterPaid}. {@link #failIn} names the one that throws. No error path: a failure surfaces as a
 * {@code TransitionException}.
 */
@StateMachine(
        states = Stage.class,
        events = Step.class,
        initial = "NEW",
        finalStates = {"SHIPPED", "EXPIRED", "FAILED"},
        transitions = {
            @Transition(from = "NEW", on = "PAY", guard = "canPay", action = "charge", to = "PAID"),
            @Transition(from = "PAID", on = "SHIP", action = "ship", to = "SHIPPED"),
            @Transition(from = {"NEW", "PAID"}, on = "EXPIRE", to = "EXPIRED"),
            @Transition(from = "*", on = "BREAK", to = "FAILED"),
            @Transition(from = "FAILED", on = "RETRY", to = "NEW"),
        })
abstract class OrderSpec {
    final ManualScheduler clock = new ManualScheduler();
    final List<String> log = new ArrayList<>();
    /** The spec method that throws next, or empty. */
    String failIn = "";
    /** A second spec method that throws next, or empty: the one that fails on the error path. */
    String alsoFailIn = "";
    /** The spec method that throws a checked exception next, undeclared (as Kotlin or Lombok let one), or empty. */
    String checkedIn = "";
    /** The spec method that throws a plain {@code Throwable} next (neither an exception nor an error), or empty. */
    String throwableIn = "";
    /** The spec method that throws an {@code Error} next, or empty. */
    String errorIn = "";
    /** An event the action fires before it throws, to show that it is dropped. */
    Step queueBeforeFailing;

    abstract boolean fire(Step step);

    /** Whether the guard lets the order be paid. */
    boolean payable = true;
    /** Whether cancelling a timeout fails next: the machine's own step, not a spec method, throws. */
    boolean cancelFails;

    Scheduler scheduler() {
        return (delay, task) -> {
            Scheduler.Cancellable scheduled = clock.schedule(delay, task);
            return () -> {
                if (cancelFails) {
                    cancelFails = false;
                    throw new IllegalStateException("cancel failed");
                }
                scheduled.cancel();
            };
        };
    }

    @Timeout(state = {"NEW", "PAID"}, fire = "EXPIRE")
    Duration expiry() {
        return Duration.ofMinutes(30);
    }

    boolean canPay() {
        run("canPay");
        return payable;
    }

    @OnExit("NEW")
    void leaveNew() {
        run("leaveNew");
    }

    void charge() {
        if (queueBeforeFailing != null) {
            fire(queueBeforeFailing);
        }
        run("charge");
    }

    @OnEntry("PAID")
    void enterPaid() {
        run("enterPaid");
    }

    @OnEntry("PAID")
    void notifyPaid() {
        run("notifyPaid");
    }

    void ship() {
        run("ship");
    }

    void run(String method) {
        log.add(method);
        if (method.equals(errorIn)) {
            errorIn = "";
            throw new StackOverflowError(method);
        }
        if (method.equals(checkedIn)) {
            checkedIn = "";
            throw OrderSpec.<RuntimeException>undeclared(new java.io.IOException(method + " failed"));
        }
        if (method.equals(throwableIn)) {
            throwableIn = "";
            throw OrderSpec.<RuntimeException>undeclared(new Throwable(method + " failed"));
        }
        if (method.equals(failIn) || method.equals(alsoFailIn)) {
            failIn = method.equals(failIn) ? "" : failIn;
            alsoFailIn = method.equals(alsoFailIn) ? "" : alsoFailIn;
            throw new IllegalArgumentException(method + " failed");
        }
    }

    /** Throws {@code checked} from a method that does not declare it. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException undeclared(Throwable checked) throws T {
        throw (T) checked;
    }
}
