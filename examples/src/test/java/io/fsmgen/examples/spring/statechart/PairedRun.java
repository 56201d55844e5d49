package io.fsmgen.examples.spring.statechart;

import io.fsmgen.HierarchicalMachine;
import io.fsmgen.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.statemachine.StateMachineEventResult.ResultType;

/**
 * One machine of the differential test: the fsmgen machine compiled from a {@link RandomStatechart} and Spring's
 * build of the same chart, driven with the same seeded events and guard values, compared after every event. Everything
 * random comes from the machine's seed, so a run is the same whichever thread runs it and whatever ran before.
 */
final class PairedRun {

    /** What one machine's run saw; {@code difference} is null when every step agreed. */
    record Result(int index, long seed, String difference, int compared, int deferred, int unhandled,
            int stepsRewritten, int surplusEntries, int missingEntries) {}

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
        ours.clear();
        SpringEntryDeviations deviations = new SpringEntryDeviations(chart);
        SpringStatechart spring = new SpringStatechart(chart);
        String[] recent = new String[trace];
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        int deferred = 0;
        int unhandled = 0;
        int rewritten = 0;
        int surplus = 0;
        int missing = 0;
        boolean[] activeBefore = new boolean[chart.states];
        try {
            if (!machine.state().toString().equals(spring.leaf())) {
                return result("initial leaf " + machine.state() + " vs Spring " + spring.activeIds(), 0, 0, 0, 0, 0,
                        0);
            }
            for (int step = 0; step < events; step++) {
                for (int g = 0; g < flags.length; g++) {
                    flags[g] = random.nextBoolean();
                    spring.flags[g] = flags[g];
                }
                int event = random.nextInt(RandomStatechart.EVENTS);
                Enum before = machine.state();
                for (int s = 0; s < chart.states; s++) {
                    activeBefore[s] = machine.isIn(stateConstants[s]);
                }
                ours.clear();
                spring.log.clear();
                Outcome outcome = machine.send((Enum) eventConstants[event]);
                ResultType result = spring.send(event);
                Outcome theirs = switch (result) {
                    case DENIED -> Outcome.UNHANDLED;
                    case DEFERRED -> Outcome.DEFERRED;
                    case ACCEPTED -> spring.log.stream().anyMatch(call -> call.startsWith("a"))
                            ? Outcome.HANDLED : Outcome.UNHANDLED;
                };
                if (trace > 0) {
                    recent[step % trace] = "step " + step + ": " + before + " --E" + event + " " + Arrays.toString(flags)
                            + "--> " + machine.state() + " " + outcome + " " + ours;
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
                } else if (!expected.equals(spring.log)) {
                    SpringEntryDeviations.Applied applied = deviations.match(expected, spring.log);
                    if (applied == null) {
                        difference = "calls " + ours + " (as Spring orders actions " + expected + ") vs Spring "
                                + spring.log;
                    } else {
                        rewritten++;
                        surplus += applied.surplusInSpring();
                        missing += applied.missingInSpring();
                    }
                }
                if (difference != null) {
                    return result("step " + step + ": " + difference + "\nrecent steps:\n  "
                            + String.join("\n  ", inOrder(recent, step)), step + 1, deferred, unhandled, rewritten,
                            surplus, missing);
                }
            }
            return result(null, events, deferred, unhandled, rewritten, surplus, missing);
        } finally {
            spring.stop();
        }
    }

    private Result result(String difference, int compared, int deferred, int unhandled, int rewritten, int surplus,
            int missing) {
        return new Result(index, seed, difference, compared, deferred, unhandled, rewritten, surplus, missing);
    }

    private static List<String> inOrder(String[] ring, int last) {
        List<String> lines = new ArrayList<>();
        for (int step = Math.max(0, last - ring.length + 1); step <= last; step++) {
            lines.add(ring[step % ring.length]);
        }
        return lines;
    }
}
