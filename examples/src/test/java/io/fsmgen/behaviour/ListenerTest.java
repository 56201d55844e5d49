package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.TransitionListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerTest {

    private final List<String> heard = new ArrayList<>();
    private final TransitionListener<Light, Switch> listener = new TransitionListener<>() {
        @Override
        public void transitioned(Light from, Switch event, Light to) {
            heard.add(from + " -" + event + "-> " + to);
        }

        @Override
        public void unhandled(Light state, Switch event) {
            heard.add("unhandled " + event + " in " + state);
        }
    };

    @Test
    void listenerHearsTransitionsInternalOnesAndUnhandledEvents() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.addListener(listener);
        machine.first = true;
        machine.fire(Switch.FLIP);
        machine.fire(Switch.TICK);
        machine.fire(Switch.KICK);
        assertEquals(List.of("OFF -FLIP-> ON", "ON -TICK-> ON", "unhandled KICK in ON"), heard);
    }

    @Test
    void removedListenerHearsNothing() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.addListener(listener);
        machine.removeListener(listener);
        machine.first = true;
        machine.fire(Switch.FLIP);
        assertEquals(List.of(), heard);
    }

    @Test
    void listenerHearsUnhandledBeforeThrowPolicyThrows() {
        LifecycleSpecMachine machine = new LifecycleSpecMachine();
        machine.addListener(listener);
        try {
            machine.fire(Switch.TICK);
        } catch (IllegalStateException expected) {
            heard.add("threw");
        }
        assertEquals(List.of("unhandled TICK in OFF", "threw"), heard);
    }

    @Test
    void severalListenersHearInRegistrationOrder() {
        GuardSpecMachine machine = new GuardSpecMachine();
        machine.addListener(TransitionListener.of((from, event, to) -> heard.add("first")));
        machine.addListener(TransitionListener.of((from, event, to) -> heard.add("second")));
        machine.first = true;
        machine.fire(Switch.FLIP);
        assertEquals(List.of("first", "second"), heard);
    }

    @Test
    void listenerHearsEachTransitionBeforeTheEventsItQueuedRun() {
        LifecycleSpecMachine machine = new LifecycleSpecMachine();
        machine.addListener(listener);
        machine.fire(Switch.KICK); // its action fires FLIP and TICK, which wait until KICK's transition is done
        assertEquals(List.of("OFF -KICK-> OFF", "OFF -FLIP-> ON", "ON -TICK-> ON"), heard);
    }

    @Test
    void listenerThatRemovesItselfHearsNothingMoreWhileQueuedEventsStillRun() {
        LifecycleSpecMachine machine = new LifecycleSpecMachine();
        TransitionListener<Light, Switch> once = new TransitionListener<>() {
            @Override
            public void transitioned(Light from, Switch event, Light to) {
                heard.add(from + " -" + event + "-> " + to);
                machine.removeListener(this);
            }
        };
        machine.addListener(once);
        machine.fire(Switch.KICK);
        assertEquals(List.of("OFF -KICK-> OFF"), heard);
        assertEquals(Light.ON, machine.state(), "the queued FLIP and TICK ran");
        machine.fire(Switch.FLIP);
        assertEquals(List.of("OFF -KICK-> OFF"), heard);
        machine.addListener(listener);
        machine.fire(Switch.FLIP);
        assertEquals(List.of("OFF -KICK-> OFF", "OFF -FLIP-> ON"), heard);
    }
}
