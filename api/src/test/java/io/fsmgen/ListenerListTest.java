package io.fsmgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerListTest {

    enum S { A, B }

    enum E { GO }

    private final List<String> heard = new ArrayList<>();

    private TransitionListener<S, E> named(String name) {
        return TransitionListener.of((from, event, to) -> heard.add(name));
    }

    @Test
    void oneListenerIsHeldAsItselfAndTheSecondMakesAList() {
        TransitionListener<S, E> first = named("first");
        TransitionListener<S, E> held = ListenerList.add(null, first);
        assertSame(first, held, "one listener costs no list");
        held = ListenerList.add(held, named("second"));
        assertInstanceOf(ListenerList.class, held);
        held.transitioned(S.A, E.GO, S.B);
        assertEquals(List.of("first", "second"), heard);
    }

    @Test
    void removingFromTheMiddleKeepsTheOthersInOrder() {
        TransitionListener<S, E> first = named("first");
        TransitionListener<S, E> second = named("second");
        TransitionListener<S, E> third = named("third");
        TransitionListener<S, E> held = ListenerList.add(ListenerList.add(ListenerList.add(null, first), second), third);
        held = ListenerList.remove(held, second);
        held = ListenerList.remove(held, named("never added"));
        held.transitioned(S.A, E.GO, S.B);
        assertEquals(List.of("first", "third"), heard);
        held = ListenerList.remove(held, first);
        assertSame(third, held, "the last one left is held as itself");
        assertNull(ListenerList.remove(held, third));
        assertNull(ListenerList.remove(null, third));
    }

    @Test
    void aListenerAddedTwiceIsToldTwiceAndRemovedOnceAtATime() {
        TransitionListener<S, E> twice = named("twice");
        TransitionListener<S, E> held = ListenerList.add(ListenerList.add(null, twice), twice);
        held.transitioned(S.A, E.GO, S.B);
        assertEquals(List.of("twice", "twice"), heard);
        held = ListenerList.remove(held, twice);
        assertSame(twice, held);
    }

    @Test
    void aListTakenBeforeAChangeTellsWhoWasThere() {
        TransitionListener<S, E> first = named("first");
        TransitionListener<S, E> held = ListenerList.add(ListenerList.add(null, first), named("second"));
        TransitionListener<S, E> before = held;
        ListenerList.add(held, named("third"));
        ListenerList.remove(held, first);
        before.transitioned(S.A, E.GO, S.B);
        assertEquals(List.of("first", "second"), heard, "lists are immutable");
    }

    @Test
    void aNullListenerIsRefused() {
        NullPointerException thrown = assertThrows(NullPointerException.class, () -> ListenerList.add(null, null));
        assertEquals("listener", thrown.getMessage());
    }
}
