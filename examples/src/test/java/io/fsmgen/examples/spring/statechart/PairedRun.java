package io.fsmgen.examples.spring.statechart;

import io.fsmgen.Capturable;
import io.fsmgen.HierarchicalMachine;
import io.fsmgen.ManualScheduler;
import io.fsmgen.Outcome;
import io.fsmgen.Snapshot;
import io.fsmgen.examples.spring.ManualReactorClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.statemachine.StateMachineEventResult.ResultType;

/**
 * One machine of the differential test: the fsmgen machine compiled from a {@link RandomStatechart} and Spring's
 * build of the same chart, driven with the same seeded events and guard values, compared after every event. Everything
 * random comes from the machine's seed, so a run is the same whichever thread runs it and whatever ran before.
 *
 * <p>A chart with timeouts is driven on two clocks the run moves, fsmgen's {@code ManualScheduler} (the spec's
 * {@code clock}) and Spring's {@link ManualReactorClock}, installed for the run: then about one step in three waits
 * instead of sending an event, up to the first timeout due on the way, so that a step holds at most one timeout's
 * transition, and is compared like an event's. Such a run must not share Reactor's schedulers with another thread.
 *
 * <p>An untimed chart is also saved and restored: at the first step a third of the way in with nothing deferred,
 * fsmgen's {@code snapshot()} and Spring's {@code DefaultStateMachinePersister.persist}; at the first step two thirds
 * of the way in with nothing deferred, the snapshot's active states active again and each history remembering what
 * it did then (Spring's restore keeps deferred events, does not stop the submachines of the composites it leaves,
 * and leaves the history of a composite inactive at the restore as it is, not as the context saved it:
 * {@code SpringPersistTest}), both restore,
 * and the active states, the counter and the calls the restore made are compared before the run goes on from there,
 * with the histories' memory and the extended state the snapshot held.
 */
final class PairedRun {

    /** What one machine's run saw; {@code difference} is null when every step agreed. */
    record Result(int index, long seed, String difference, int compared, int deferred, int unhandled,
            int stepsRewritten, int surplusEntries, int missingEntries, int timeoutsFired, boolean restored) {}

    private final int index;
    private final long seed;
    private final RandomStatechart chart;
    private final int events;
    private final int trace;

    PairedRun(int index, long seed, RandomStatechart chart, int events, int trace) {
        this.index = index;
        this.seed = seed;
        this.chart = chart;
        this.events = events;
        this.trace = trace;
    }

    /** Drives the pair; the fsmgen machine is {@code chart<index>.ChartMachine} in {@code loader}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Result run(ClassLoader loader) throws Exception {
        Class<?> machineClass = loader.loadClass("chart" + index + ".ChartMachine");
        HierarchicalMachine machine = (HierarchicalMachine) machineClass.getConstructor().newInstance();
        Object[] eventConstants = loader.loadClass("chart" + index + ".Chart$E").getEnumConstants();
        Enum[] stateConstants = (Enum[]) loader.loadClass("chart" + index + ".Chart$S").getEnumConstants();
        boolean[] flags = (boolean[]) machineClass.getSuperclass().getField("flags").get(machine);
        List<String> ours = (List<String>) machineClass.getSuperclass().getField("log").get(machine);
        java.lang.reflect.Field counter = machineClass.getSuperclass().getField("counter");
        ours.clear();
        SpringEntryDeviations deviations = new SpringEntryDeviations(chart);
        boolean timed = Arrays.stream(chart.timeout).anyMatch(ms -> ms > 0);
        ManualScheduler clock = timed ? (ManualScheduler) machineClass.getSuperclass().getField("clock").get(machine)
                : null;
        ManualReactorClock springClock = timed ? ManualReactorClock.install() : null;
        SpringStatechart spring = new SpringStatechart(chart);
        String[] recent = new String[trace];
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        int deferred = 0;
        int unhandled = 0;
        int rewritten = 0;
        int surplus = 0;
        int missing = 0;
        int fired = 0;
        boolean[] activeBefore = new boolean[chart.states];
        boolean persists = !timed;
        Snapshot saved = null;
        boolean restored = false;
        int[] savedMemory = null;
        boolean[] savedActive = new boolean[chart.states];
        try {
            if (!machine.state().toString().equals(spring.leaf())) {
                return result("initial leaf " + machine.state() + " vs Spring " + spring.activeIds(), 0, 0, 0, 0, 0,
                        0, 0, false);
            }
            for (int step = 0; step < events; step++) {
                if (persists && saved == null && step >= events / 3 && machine.deferredCount() == 0) {
                    saved = ((Capturable) machine).snapshot();
                    spring.persist();
                    savedMemory = deviations.memory();
                    for (int s = 0; s < chart.states; s++) {
                        savedActive[s] = machine.isIn(stateConstants[s]);
                    }
                }
                if (persists && saved != null && !restored && step >= 2 * events / 3
                        && machine.deferredCount() == 0 && isIn(machine, stateConstants, savedActive)
                        && java.util.Arrays.equals(deviations.memory(), savedMemory)) {
                    restored = true;
                    boolean[] before = new boolean[chart.states];
                    for (int s = 0; s < chart.states; s++) {
                        before[s] = machine.isIn(stateConstants[s]);
                    }
                    ours.clear();
                    spring.log.clear();
                    ((Capturable) machine).restore(saved);
                    spring.restore();
                    boolean[] active = new boolean[chart.states];
                    for (int s = 0; s < chart.states; s++) {
                        active[s] = machine.isIn(stateConstants[s]);
                    }
                    deviations.restore(savedMemory, before, active);
                    String difference = restoredDifference(machine, stateConstants, counter.getInt(machine), ours,
                            spring);
                    if (difference != null) {
                        return result("restore before step " + step + ": " + difference, step, deferred, unhandled,
                                rewritten, surplus, missing, fired, true);
                    }
                }
                for (int g = 0; g < flags.length; g++) {
                    flags[g] = random.nextBoolean();
                    spring.flags[g] = flags[g];
                }
                int event = random.nextInt(RandomStatechart.EVENTS);
                int wait = timed && random.nextInt(3) == 0 ? 1 + random.nextInt(60) : 0;
                Enum before = machine.state();
                for (int s = 0; s < chart.states; s++) {
                    activeBefore[s] = machine.isIn(stateConstants[s]);
                }
                ours.clear();
                spring.log.clear();
                Outcome outcome;
                Outcome theirs;
                ResultType result = null;
                if (wait > 0) {
                    // up to the first timer due on the way, so that one step holds one timer's transition
                    long due = clock.nextDelay().map(Duration::toMillis).orElse(Long.MAX_VALUE);
                    clock.advance(Duration.ofMillis(Math.min(wait, due)));
                    springClock.advanceTo(clock.now().toMillis());
                    fired += ours.stream().anyMatch(call -> call.startsWith("a")) ? 1 : 0;
                    outcome = Outcome.HANDLED;
                    theirs = Outcome.HANDLED;
                } else {
                    outcome = machine.send((Enum) eventConstants[event]);
                    result = spring.send(event);
                    theirs = switch (result) {
                        case DENIED -> Outcome.UNHANDLED;
                        case DEFERRED -> Outcome.DEFERRED;
                        case ACCEPTED -> spring.log.stream().anyMatch(call -> call.startsWith("a"))
                                ? Outcome.HANDLED : Outcome.UNHANDLED;
                    };
                }
                if (trace > 0) {
                    recent[step % trace] = "step " + step + ": " + before
                            + (wait > 0 ? " --" + wait + " ms to " + clock.now().toMillis() : " --E" + event) + " "
                            + Arrays.toString(flags) + "--> " + machine.state() + " " + outcome + " " + ours
                            + (wait > 0 ? " Spring " + spring.log : "");
                }
                if (outcome == Outcome.DEFERRED) {
                    deferred++;
                } else if (outcome == Outcome.UNHANDLED) {
                    unhandled++;
                }
                String difference = null;
                List<String> expected = SpringActionOrder.of(ours, chart, activeBefore);
                if (outcome != theirs) {
                    difference = "outcome " + outcome + " vs Spring " + theirs + " (" + result + ")";
                } else if (!machine.state().toString().equals(spring.leaf())) {
                    difference = "leaf " + machine.state() + " vs Spring " + spring.activeIds();
                } else if (counter.getInt(machine) != spring.counter()) {
                    difference = "counter " + counter.getInt(machine) + " vs Spring's extended state "
                            + spring.counter();
                } else {
                    SpringEntryDeviations.Prediction predicted = deviations.predict(expected);
                    if (!predicted.spring().equals(spring.log)) {
                        difference = "calls " + ours + " (as Spring orders actions " + expected
                                + ", with Spring's entry deviations " + predicted.spring() + ") vs Spring "
                                + spring.log;
                    } else if (predicted.applied().any()) {
                        rewritten++;
                        surplus += predicted.applied().surplusInSpring();
                        missing += predicted.applied().missingInSpring();
                    }
                }
                if (difference != null) {
                    return result("step " + step + ": " + difference + "\nrecent steps:\n  "
                            + String.join("\n  ", inOrder(recent, step)), step + 1, deferred, unhandled, rewritten,
                            surplus, missing, fired, restored);
                }
            }
            return result(null, events, deferred, unhandled, rewritten, surplus, missing, fired, restored);
        } finally {
            spring.stop();
            if (springClock != null) {
                springClock.close();
            }
        }
    }

    /**
     * Whether the active states are now {@code savedActive}, those of the snapshot. Only there does Spring's persister
     * restore what fsmgen's restore does: where the restore leaves a composite, Spring does not stop its submachine,
     * which then resumes its old child when the composite is entered again ({@code SpringPersistTest}), and where it
     * enters one, a later entry of it was seen to enter nothing below it (machine 74 of the default run, restored
     * from S3 to S5: S5 entered again 28 steps later without its initial child S7).
     */
    @SuppressWarnings("rawtypes")
    private boolean isIn(HierarchicalMachine machine, Enum[] stateConstants, boolean[] savedActive) {
        for (int s = 0; s < chart.states; s++) {
            if (savedActive[s] != machine.isIn(stateConstants[s])) {
                return false;
            }
        }
        return true;
    }

    /**
     * What differs right after both machines were restored: the active states, the counter, and the calls the restore
     * made (fsmgen's restore runs no hook; Spring's persister stops and starts the machine), or null.
     */
    @SuppressWarnings("rawtypes")
    private String restoredDifference(HierarchicalMachine machine, Enum[] stateConstants, int counter,
            List<String> ours, SpringStatechart spring) {
        List<String> active = new ArrayList<>();
        for (Enum state : stateConstants) {
            if (machine.isIn(state)) {
                active.add(state.name());
            }
        }
        if (!new java.util.HashSet<>(active).equals(new java.util.HashSet<>(spring.activeIds()))) {
            return "active " + active + " vs Spring " + spring.activeIds();
        }
        if (counter != spring.counter()) {
            return "counter " + counter + " vs Spring's extended state " + spring.counter();
        }
        if (!ours.equals(spring.log)) {
            return "calls " + ours + " vs Spring " + spring.log;
        }
        return null;
    }

    private Result result(String difference, int compared, int deferred, int unhandled, int rewritten, int surplus,
            int missing, int fired, boolean restored) {
        return new Result(index, seed, difference, compared, deferred, unhandled, rewritten, surplus, missing, fired,
                restored);
    }

    private static List<String> inOrder(String[] ring, int last) {
        List<String> lines = new ArrayList<>();
        for (int step = Math.max(0, last - ring.length + 1); step <= last; step++) {
            lines.add(ring[step % ring.length]);
        }
        return lines;
    }
}
