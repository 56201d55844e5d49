package io.fsmgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void removingFromTheMiddleKeepsTheOthersInOrder() {
        ListenerList<S, E> list = new ListenerList<>();
        assertTrue(list.isEmpty());
        TransitionListener<S, E> first = named("first");
        TransitionListener<S, E> second = named("second");
        TransitionListener<S, E> third = named("third");
        list.add(first);
        list.add(second);
        list.add(third);
        list.remove(second);
        list.remove(named("never added"));
        assertFalse(list.isEmpty());
        list.transitioned(S.A, E.GO, S.B);
        assertEquals(List.of("first", "third"), heard);
        list.remove(first);
        list.remove(third);
        assertTrue(list.isEmpty());
    }
}
