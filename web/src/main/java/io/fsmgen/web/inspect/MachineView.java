package io.fsmgen.web.inspect;

import io.fsmgen.Machine;
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
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live inspector of a group of machines of one generated class: the diagram from its model, each machine's
 * current state and the count per state, and a scrolling log of what happened, unhandled events included, and
 * deferred ones on machines that defer.
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
    private final long epochOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    private volatile boolean live;
    private long skipped;
    private long lostSent;

    /** What one machine did: a transition, an event no row handled, or one it deferred ({@code to} null for both). */
    private record Heard(int machine, String from, String event, String to, boolean deferred, long nanos) {}

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
        for (int i = 0; i < this.machines.size(); i++) {
            TransitionListener<S, E> listener = listener(i);
            listeners.add(listener);
            this.machines.get(i).addListener(listener);
        }
    }

    private TransitionListener<S, E> listener(int index) {
        return new TransitionListener<S, E>() { // not <>: deferred() overrides only where the API has it
            @Override
            public void transitioned(S from, E event, S to) {
                if (live) {
                    hear(new Heard(index, from.name(), event.name(), to.name(), false, System.nanoTime()));
                }
            }

            @Override
            public void unhandled(S state, E event) {
                if (live) {
                    hear(new Heard(index, state.name(), event.name(), null, false, System.nanoTime()));
                }
            }

            /**
             * An event the machine deferred in {@code state}. Overrides {@code TransitionListener.deferred} where the
             * API has deferral (hierarchical machines); elsewhere it is never called.
             */
            public void deferred(S state, E event) {
                if (live) {
                    hear(new Heard(index, state.name(), event.name(), null, true, System.nanoTime()));
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
        out.endObject();
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
                }
            }
        });
    }

    private void write(JsonOut out, Heard h) {
        out.beginObject().field("machine", h.machine()).field("from", h.from()).field("event", h.event())
                .field("to", h.to()).field("handled", h.to() != null).field("deferred", h.deferred())
                .field("at", epochMillis(h.nanos()))
                .endObject();
    }

    private long epochMillis(long nanos) {
        return epochOffsetMillis + nanos / 1_000_000;
    }
}
