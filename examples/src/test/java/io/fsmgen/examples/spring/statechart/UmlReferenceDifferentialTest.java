package io.fsmgen.examples.spring.statechart;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fsmgen.Capturable;
import io.fsmgen.HierarchicalMachine;
import io.fsmgen.ManualScheduler;
import io.fsmgen.Outcome;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated machines against {@link UmlReference}, an interpreter of the README's semantics that shares nothing
 * with the processor, on random machines without the restrictions the comparison with Spring needs
 * ({@link FreeStatechart}): rows to ancestors and into nested composites, local rows several levels down, deep and
 * nested history, deferral in any state, declaration order among guarded rows, events fired from actions and entries,
 * and timeouts. These are the corners {@link StatechartDifferentialTest} cannot draw, where only hand-written
 * behaviour tests checked fsmgen. Each step sets random guard values and either sends a random event or moves both
 * clocks by up to 60 ms; after it the test compares the outcome, the active leaf and the ordered exit, action and entry
 * calls. It fails on mutations of the processor that {@link StatechartDifferentialTest} and
 * {@link TimedStatechartDifferentialTest} pass: deep history recording, over nested composites, the child of the
 * composite's child instead of the leaf (machine 5 differs); it also fails when a composite's timeout is left running
 * after its exit (machine 0), and when the reference offers the deferred events once per state change instead of again
 * after each further one (machine 43).
 *
 * <p>Halfway through its steps each machine is also saved and put back: its {@code snapshot()} is restored into a new
 * instance, which must run no hook, and the run goes on with that instance, so that the rest of the run checks what
 * the snapshot held (the active leaf, each history's memory, the deferred events, the armed timeouts). A restored
 * timeout is armed afresh with its full duration ({@code Capturable}), in the order the spec declares its
 * {@code @Timeout} methods; the reference re-arms its timers the same way at that step.
 *
 * <p>{@code -Dfsmgen.uml.machines=N -Dfsmgen.uml.steps=M -Dfsmgen.uml.seed=S} change the scale and the seeds;
 * {@code -Dfsmgen.uml.extras=true} draws more on the same seeds ({@link FreeStatechart}: exit actions that fire events,
 * small deferral rings that overflow), off by default so that the default seeds keep their machines.
 */
class UmlReferenceDifferentialTest {

    /** About 25 s on the shared 2-core host it was written on; 600 machines of 400 steps agreed too (108 s). */
    static final int MACHINES = Integer.getInteger("fsmgen.uml.machines", 100);
    static final int STEPS = Integer.getInteger("fsmgen.uml.steps", 300);
    static final long BASE_SEED = Long.getLong("fsmgen.uml.seed", 20_261_201_500L);
    static final int BATCH = 50;
    /** How many events a step's actions and entries may fire: enough to chain, few enough to end. */
    static final int RELAYS_PER_STEP = 4;
    static final int TRACE = 12;

    /** What the steps drew, so that a change to the generator cannot quietly drop an ingredient. */
    private final int[] seen = new int[4]; // deferred outcomes, steps where a timeout fired a row, steps with a relay,
                                           // restores with an event deferred
    /** With the extras: events a full deferral ring rejected or dropped, steps with an event fired from an exit. */
    private final int[] extras = new int[2];

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a guard against a hang, far above any run's length
    void generatedMachinesFollowTheReferenceOnUnrestrictedHierarchies() throws Exception {
        try (InMemoryCompiler compiler = new InMemoryCompiler()) {
            for (int from = 0; from < MACHINES; from += BATCH) {
                int to = Math.min(MACHINES, from + BATCH);
                Map<String, String> sources = new LinkedHashMap<>();
                List<FreeStatechart> charts = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    FreeStatechart chart = new FreeStatechart(BASE_SEED + i);
                    charts.add(chart);
                    sources.put("free" + i + ".Chart", FreeStatechartSource.of("free" + i, chart));
                }
                ClassLoader loader = compiler.compile(sources);
                for (int i = from; i < to; i++) {
                    String difference = run(loader, i, charts.get(i - from));
                    if (difference != null) {
                        fail("machine " + i + " (seed " + (BASE_SEED + i) + ") differs from the reference at "
                                + difference + "\nreproduce it alone: -Dtest=UmlReferenceDifferentialTest"
                                + " -Dfsmgen.uml.seed=" + (BASE_SEED + i) + " -Dfsmgen.uml.machines=1\nspec:\n"
                                + FreeStatechartSource.of("free" + i, charts.get(i - from)));
                    }
                }
            }
        }
        System.out.printf("UmlReferenceDifferentialTest: %,d machines x %,d steps, 0 differences; %,d deferred,"
                + " %,d steps with a timeout's row, %,d with an event fired from an action; each restored halfway"
                + " from its snapshot, %,d with events deferred%n", MACHINES, STEPS, seen[0], seen[1], seen[2],
                seen[3]);
        assertTrue(MACHINES < 20 || Arrays.stream(seen).allMatch(count -> count > 0), Arrays.toString(seen));
        if (FreeStatechart.EXTRAS) {
            System.out.printf("UmlReferenceDifferentialTest extras: %,d events a full deferral ring rejected or"
                    + " dropped, %,d steps leaving a state whose exit action fires an event%n", extras[0], extras[1]);
            assertTrue(MACHINES < 20 || Arrays.stream(extras).allMatch(count -> count > 0), Arrays.toString(extras));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private String run(ClassLoader loader, int index, FreeStatechart chart) throws Exception {
        Class<?> machineClass = loader.loadClass("free" + index + ".ChartMachine");
        Class<?> spec = machineClass.getSuperclass();
        HierarchicalMachine machine = (HierarchicalMachine) machineClass.getConstructor().newInstance();
        Field budget = spec.getField("budget");
        Enum[] events = (Enum[]) loader.loadClass("free" + index + ".Chart$E").getEnumConstants();
        boolean[] flags = (boolean[]) spec.getField("flags").get(machine);
        List<String> ours = (List<String>) spec.getField("log").get(machine);
        ManualScheduler clock = (ManualScheduler) spec.getField("clock").get(machine);
        UmlReference reference = new UmlReference(chart);
        if (!ours.equals(reference.log) || !machine.state().toString().equals(FreeStatechart.state(reference.leaf()))) {
            return "the start: " + machine.state() + " " + ours + " vs " + FreeStatechart.state(reference.leaf()) + " "
                    + reference.log;
        }
        SplittableRandom random = new SplittableRandom((BASE_SEED + index) * 31 + 7);
        String[] recent = new String[TRACE];
        for (int step = 0; step < STEPS; step++) {
            for (int g = 0; g < FreeStatechart.GUARDS; g++) {
                flags[g] = random.nextBoolean();
                reference.flags[g] = flags[g];
            }
            int event = random.nextInt(FreeStatechart.EVENTS);
            int wait = chart.timed() && random.nextInt(3) == 0 ? 1 + random.nextInt(60) : 0;
            if (step == STEPS / 2) {
                // Save and put back: the rest of the run goes on with a new instance restored from the snapshot.
                HierarchicalMachine restored = (HierarchicalMachine) machineClass.getConstructor().newInstance();
                List<String> restoredLog = (List<String>) spec.getField("log").get(restored);
                restoredLog.clear(); // the constructor's initial entries
                ((Capturable) restored).restore(((Capturable) machine).snapshot());
                if (!restoredLog.isEmpty() || !restored.state().equals(machine.state())) {
                    return "the restore before step " + step + ": " + restored.state() + " " + restoredLog + " vs "
                            + machine.state() + " []";
                }
                seen[3] += reference.deferredCount() > 0 ? 1 : 0;
                machine = restored;
                flags = (boolean[]) spec.getField("flags").get(machine);
                ours = restoredLog;
                clock = (ManualScheduler) spec.getField("clock").get(machine);
                reference.rearmTimers();
                for (int g = 0; g < FreeStatechart.GUARDS; g++) {
                    flags[g] = reference.flags[g];
                }
            }
            ours.clear();
            reference.log.clear();
            budget.setInt(machine, RELAYS_PER_STEP);
            reference.budget = RELAYS_PER_STEP;
            Object before = machine.state();
            Outcome outcome = Outcome.HANDLED;
            Outcome expected = Outcome.HANDLED;
            if (wait > 0) {
                clock.advance(Duration.ofMillis(wait));
                reference.advance(wait);
                seen[1] += ours.stream().anyMatch(call -> call.startsWith("a")) ? 1 : 0;
            } else {
                outcome = machine.send(events[event]);
                expected = reference.send(event);
                seen[0] += outcome == Outcome.DEFERRED ? 1 : 0;
            }
            seen[2] += reference.budget < RELAYS_PER_STEP ? 1 : 0;
            extras[1] += exitRelayed(chart, ours) ? 1 : 0;
            recent[step % TRACE] = "step " + step + ": " + before + (wait > 0 ? " --" + wait + " ms" : " --E" + event)
                    + " " + Arrays.toString(flags) + "--> " + machine.state() + " " + outcome + " " + ours;
            String leaf = FreeStatechart.state(reference.leaf());
            if (outcome != expected || !machine.state().toString().equals(leaf) || !ours.equals(reference.log)) {
                List<String> lines = new ArrayList<>();
                for (int at = Math.max(0, step - TRACE + 1); at <= step; at++) {
                    lines.add(recent[at % TRACE]);
                }
                return "step " + step + ": " + outcome + " " + machine.state() + " " + ours + " vs the reference's "
                        + expected + " " + leaf + " " + reference.log + "\nrecent steps:\n  "
                        + String.join("\n  ", lines);
            }
        }
        extras[0] += reference.overflows;
        return null;
    }

    /** Whether one of the exits in {@code calls} is of a state whose exit action fires an event. */
    private static boolean exitRelayed(FreeStatechart chart, List<String> calls) {
        for (String call : calls) {
            if (call.startsWith("-S") && chart.exitRelays[Integer.parseInt(call.substring(2))] >= 0) {
                return true;
            }
        }
        return false;
    }
}
