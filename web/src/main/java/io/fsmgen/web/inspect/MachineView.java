package io.fsmgen.web.inspect;

import io.fsmgen.Machine;
import io.fsmgen.TransitionFailure;
import io.fsmgen.TransitionListener;
import io.fsmgen.web.StateCounts;
import io.fsmgen.web.View;
import io.fsmgen.web.WebOptions;
import io.fsmgen.web.diagram.Diagram;
import io.fsmgen.web.diagram.DiagramBuilder;
import io.fsmgen.web.diagram.MachineModel;
import io.fsmgen.web.diagram.ModelLoader;
import io.fsmgen.web.json.JsonOut;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live inspector of a group of machines of one generated class: the diagram from its model, each machine's
 * current state and the count per state, and a scrolling log of what happened: transitions, unhandled events,
 * deferred events on machines that defer, and failures (a guard, action or hook that threw). A hierarchical machine
 * is drawn with its composites around their children; a composite's count is how many machines are inside it.
 *
 * <p>Each machine gets a listener when the group is attached. While no page is open the listener reads one volatile
 * flag and returns: nothing is allocated or queued. While a page is open it offers each event to a bounded queue,
 * and counts it as lost when the queue is full; it never waits.
 */
public final class MachineView<S extends Enum<S>, E extends Enum<E>> implements View {

    static final int QUEUE = 16_384;

    private final String id;
    private final List<? extends Machine<S, E>> machines;
    private final List<TransitionListener<S, E>> listeners = new ArrayList<>();
    private final WebOptions options;
    private final MachineModel model;
    private final Diagram diagram;
    private final ArrayBlockingQueue<Heard> heard = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong lost = new AtomicLong();
    private final ArrayDeque<Heard> log = new ArrayDeque<>();
    private final StateCounts counts = new StateCounts();
    private final String[] shownStates;
    /** Per state, the composites around it; for the counts of composites. */
    private final Map<String, List<String>> ancestors = new HashMap<>();
    /** Per heard (from, event, to), the line of the diagram it took; filled as transitions are heard. */
    private final Map<String, String> lines = new HashMap<>();
    private final long epochOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    private volatile boolean live;
    private long skipped;
    private long lostSent;

    /** What one machine heard. */
    private enum Kind { TRANSITION, UNHANDLED, DEFERRED, FAILED }

    /**
     * What one machine did: a transition, an event no row handled, one it deferred, or a failure ({@code to} is the
     * state after a transition or a failure, null otherwise; {@code failure} describes a failure).
     */
    private record Heard(int machine, Kind kind, String from, String event, String to, String failure, long nanos) {}

    public MachineView(String id, List<? extends Machine<S, E>> machines, WebOptions options) {
        if (machines.isEmpty()) {
            throw new IllegalArgumentException("inspect needs at least one machine");
        }
        Class<?> type = machines.get(0).getClass();
        for (Machine<S, E> machine : machines) {
            if (machine.getClass() != type) {
                throw new IllegalArgumentException("a group shares one diagram, so its machines must be of one class: "
                        + type.getName() + " and " + machine.getClass().getName());
            }
        }
        this.id = id;
        this.machines = List.copyOf(machines);
        this.options = options;
        this.model = ModelLoader.load(type);
        this.diagram = DiagramBuilder.build(model, ModelLoader.hint(ModelLoader.loaderOf(type), model.stateType()));
        this.shownStates = new String[machines.size()];
        for (String state : model.stateNames()) {
            ancestors.put(state, model.ancestors(state));
        }
        for (int i = 0; i < this.machines.size(); i++) {
            TransitionListener<S, E> listener = listener(i);
            listeners.add(listener);
            this.machines.get(i).addListener(listener);
        }
    }

    private TransitionListener<S, E> listener(int index) {
        return new TransitionListener<>() {
            @Override
            public void transitioned(S from, E event, S to) {
                if (live) {
                    hear(new Heard(index, Kind.TRANSITION, from.name(), event.name(), to.name(), null,
                            System.nanoTime()));
                }
            }

            @Override
            public void unhandled(S state, E event) {
                if (live) {
                    hear(new Heard(index, Kind.UNHANDLED, state.name(), event.name(), null, null, System.nanoTime()));
                }
            }

            @Override
            public void deferred(S state, E event) {
                if (live) {
                    hear(new Heard(index, Kind.DEFERRED, state.name(), event.name(), null, null, System.nanoTime()));
                }
            }

            @Override
            public void failed(TransitionFailure<S, E> failure) {
                if (live) {
                    // The event is null while the constructor enters the initial state: no page is open then.
                    hear(new Heard(index, Kind.FAILED, failure.from().name(),
                            failure.event() == null ? "(initial entry)" : failure.event().name(),
                            failure.state().name(), failure.phase().noun() + " " + failure.method() + " threw "
                                    + failure.cause(), System.nanoTime()));
                }
            }
        };
    }

    private void hear(Heard h) {
        if (!heard.offer(h)) {
            lost.incrementAndGet();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return id + " (" + model.name() + (machines.size() == 1 ? ")" : " x" + machines.size() + ")");
    }

    @Override
    public String kind() {
        return "machine";
    }

    /** The model the diagram is drawn from. */
    public MachineModel model() {
        return model;
    }

    @Override
    public void describe(JsonOut out) {
        out.beginObject().field("machine", model.machine()).field("name", model.name())
                .field("initial", model.initial()).field("machines", machines.size())
                .field("maxEventsPerSecond", options.maxEventsPerSecond());
        out.name("states").beginArray();
        model.stateNames().forEach(out::value);
        out.endArray().name("diagram");
        diagram.write(out);
        out.name("notes").beginObject();
        StateNotes.of(model).forEach(out::field);
        out.endObject().endObject();
    }

    @Override
    public void live(boolean on) {
        live = on;
        if (!on) {
            heard.clear();
        }
    }

    @Override
    public boolean tick(long nowNanos, JsonOut out) {
        out.beginObject().field("type", "batch").field("now", epochMillis(nowNanos));
        int budget = options.eventsPerTick();
        int sent = 0;
        long skippedBefore = skipped;
        out.name("events").beginArray();
        for (Heard h; (h = heard.poll()) != null; ) {
            log.addLast(h);
            if (log.size() > options.logSize()) {
                log.removeFirst();
            }
            if (sent < budget) {
                sent++;
                write(out, h);
            } else {
                skipped++;
            }
        }
        out.endArray().field("skipped", skipped);
        boolean changed = sent > 0 || skipped != skippedBefore;
        out.name("states").beginObject();
        for (int i = 0; i < machines.size(); i++) {
            String state = machines.get(i).state().name(); // a racy read, for display: events carry the truth
            if (!state.equals(shownStates[i])) {
                shownStates[i] = state;
                out.field(Integer.toString(i), state);
                changed = true;
            }
        }
        out.endObject();
        if (updateCounts()) {
            changed = true;
            counts.write(out);
        }
        long lostNow = lost.get();
        if (lostNow != lostSent) {
            lostSent = lostNow;
            changed = true;
        }
        out.field("lost", lostNow).endObject();
        return changed;
    }

    @Override
    public void snapshot(long nowNanos, JsonOut out) {
        out.beginObject().field("type", "snapshot").field("now", epochMillis(nowNanos)).field("skipped", skipped)
                .field("lost", lost.get());
        out.name("states").beginObject();
        for (int i = 0; i < machines.size(); i++) {
            shownStates[i] = machines.get(i).state().name();
            out.field(Integer.toString(i), shownStates[i]);
        }
        out.endObject();
        updateCounts();
        counts.write(out);
        out.name("events").beginArray();
        log.forEach(h -> write(out, h));
        out.endArray().endObject();
    }

    /**
     * Removes the listeners. Like attaching, call it on the thread that drives the machines, or while they are idle.
     */
    @Override
    public void close() {
        live = false;
        for (int i = 0; i < machines.size(); i++) {
            machines.get(i).removeListener(listeners.get(i));
        }
        heard.clear();
    }

    private boolean updateCounts() {
        return counts.update(count -> {
            for (String state : shownStates) {
                if (state != null) {
                    count.accept(state);
                    ancestors.get(state).forEach(count);
                }
            }
        });
    }

    private void write(JsonOut out, Heard h) {
        out.beginObject().field("machine", h.machine()).field("from", h.from()).field("event", h.event())
                .field("to", h.to()).field("handled", h.kind() == Kind.TRANSITION)
                .field("deferred", h.kind() == Kind.DEFERRED).field("failed", h.kind() == Kind.FAILED)
                .field("failure", h.failure()).field("line", h.kind() == Kind.TRANSITION ? line(h) : null)
                .field("at", epochMillis(h.nanos()))
                .endObject();
    }

    /** The diagram's line for a transition, or null for one that has none (internal). */
    private String line(Heard h) {
        String line = lines.computeIfAbsent(h.from() + ' ' + h.event() + ' ' + h.to(),
                key -> model.edgeOf(h.from(), h.event(), h.to()).orElse(""));
        return line.isEmpty() ? null : line;
    }

    private long epochMillis(long nanos) {
        return epochOffsetMillis + nanos / 1_000_000;
    }
}
