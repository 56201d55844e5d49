package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.HierarchicalMachine;
import io.fsmgen.TransitionListener;
import io.fsmgen.behaviour.HierarchySpec.E;
import io.fsmgen.behaviour.HierarchySpec.S;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Composite states as the W3C SCXML interpretation algorithm orders their effects: exit set from the leaf outwards,
 * transition actions, entry set from the domain inwards; rows inherited from ancestors after a leaf's own; local
 * transitions, composite self-transitions, history, timeouts of composites, {@code isIn} and {@code restore}.
 */
class HierarchyTest {

    private final HierarchySpecMachine machine = new HierarchySpecMachine();

    private List<String> fire(E event) {
        machine.log.clear();
        machine.fire(event);
        return List.copyOf(machine.log);
    }

    @Test
    void theInitialStateIsEnteredInTheConstructor() {
        assertEquals(List.of("+OUT"), machine.log);
        assertEquals(S.OUT, machine.state());
        assertTrue(machine instanceof HierarchicalMachine<?, ?>);
    }

    @Test
    void enteringACompositeGoesThroughItsInitialChildrenToALeaf() {
        assertEquals(List.of("-OUT", "go", "+TOP", "+MID", "+A"), fire(E.GO));
        assertEquals(S.LEAF_A, machine.state());
        assertTrue(machine.isIn(S.TOP) && machine.isIn(S.MID) && machine.isIn(S.LEAF_A));
        assertFalse(machine.isIn(S.LEAF_B) || machine.isIn(S.OUT) || machine.isIn(S.LEAF_C));
    }

    @Test
    void aTargetDeepInsideIsEnteredThroughEveryStateAboveIt() {
        assertEquals(List.of("-OUT", "+TOP", "+MID", "+B"), fire(E.DEEP));
        assertEquals(S.LEAF_B, machine.state());
    }

    @Test
    void aTransitionExitsUpToTheDomainOnly() {
        fire(E.GO);
        assertEquals(List.of("-A", "aToB", "+B"), fire(E.NEXT), "siblings in MID: MID stays");
        assertEquals(List.of("-B", "-MID", "bToC", "+C"), fire(E.NEXT), "from MID's child to TOP's: MID is left");
        assertEquals(List.of("-C", "-TOP", "left", "+OUT"), fire(E.LEAVE));
    }

    @Test
    void aLeafsOwnRowsComeFirstThenItsAncestorsInDeclarationOrderThenWildcards() {
        fire(E.DEEP); // LEAF_B
        machine.own = true;
        machine.first = true;
        assertEquals(List.of("pickedOwn"), fire(E.PICK));
        machine.own = false;
        assertEquals(List.of("pickedFirst"), fire(E.PICK));
        machine.first = false;
        machine.second = true;
        assertEquals(List.of("pickedSecond"), fire(E.PICK));
        machine.second = false;
        assertEquals(List.of("pickedAnywhere"), fire(E.PICK));
        fire(E.NEXT); // LEAF_C: MID's rows do not apply
        machine.first = true;
        assertEquals(List.of("pickedAnywhere"), fire(E.PICK));
    }

    @Test
    void aStatesOwnRowWithoutAGuardShadowsItsAncestorsRows() {
        fire(E.GO); // LEAF_A
        assertEquals(List.of("stayed"), fire(E.LEAVE));
        assertEquals(S.LEAF_A, machine.state());
        fire(E.NEXT); // LEAF_B has no LEAVE row of its own
        assertEquals(List.of("-B", "-MID", "-TOP", "left", "+OUT"), fire(E.LEAVE));
    }

    @Test
    void aCompositeSelfTransitionExitsAndReentersIt() {
        fire(E.DEEP); // LEAF_B
        assertEquals(List.of("-B", "-MID", "-TOP", "reenter", "+TOP", "+MID", "+A"), fire(E.REENTER));
        assertEquals(S.LEAF_A, machine.state());
    }

    @Test
    void aLocalTransitionDoesNotLeaveItsSourceAnExternalOneDoes() {
        fire(E.GO);
        fire(E.NEXT);
        fire(E.NEXT); // LEAF_C
        assertEquals(List.of("-C", "local", "+MID", "+A"), fire(E.RESET_LOCAL));
        fire(E.NEXT); // LEAF_B
        assertEquals(List.of("-B", "-MID", "local", "+MID", "+A"), fire(E.RESET_LOCAL),
                "SCXML: every active state below the source is left, MID included");
        fire(E.NEXT);
        fire(E.NEXT); // LEAF_C
        assertEquals(List.of("-C", "-TOP", "external", "+TOP", "+MID", "+A"), fire(E.RESET_EXTERNAL));
    }

    @Test
    void anInternalRowRunsNoHooks() {
        fire(E.GO);
        assertEquals(List.of("tick"), fire(E.TICK));
        assertEquals(S.LEAF_A, machine.state());
    }

    @Test
    void deepHistoryResumesTheLeafAndEveryStateAboveIt() {
        assertEquals(List.of("-OUT", "resume", "+TOP", "+MID", "+A"), fire(E.RESUME), "nothing remembered yet");
        fire(E.NEXT); // LEAF_B
        fire(E.HOME);
        assertEquals(List.of("-OUT", "resume", "+TOP", "+MID", "+B"), fire(E.RESUME));
        fire(E.NEXT); // LEAF_C
        fire(E.HOME);
        assertEquals(List.of("-OUT", "resume", "+TOP", "+C"), fire(E.RESUME));
    }

    @Test
    void aCompositesTransitionToItsOwnHistoryLeavesItAndResumesWhereItWas() {
        fire(E.DEEP); // LEAF_B
        assertEquals(List.of("-B", "-MID", "-TOP", "remember", "+TOP", "+MID", "+B"), fire(E.REMEMBER));
        assertEquals(S.LEAF_B, machine.state());
    }

    @Test
    void aCompositesTimeoutRunsWhileAnyDescendantIsActive() {
        fire(E.GO);
        machine.clock.advance(Duration.ofSeconds(6));
        fire(E.NEXT);
        fire(E.NEXT); // LEAF_C, still inside TOP: the timer keeps running
        fire(E.RESET_LOCAL); // TOP is not left
        machine.log.clear();
        machine.clock.advance(Duration.ofSeconds(4));
        assertEquals(List.of("-A", "-MID", "-TOP", "home", "+OUT"), machine.log);
        assertEquals(S.OUT, machine.state());
    }

    @Test
    void leavingTheCompositeRestartsItsTimeout() {
        fire(E.GO);
        machine.clock.advance(Duration.ofSeconds(6));
        fire(E.RESET_EXTERNAL); // TOP left and entered again: a new 10 s
        machine.clock.advance(Duration.ofSeconds(6));
        assertEquals(S.LEAF_A, machine.state());
        machine.clock.advance(Duration.ofSeconds(4));
        assertEquals(S.OUT, machine.state());
        fire(E.GO);
        fire(E.LEAVE);
        fire(E.NEXT); // nothing in OUT; the timer was cancelled on the way out
        machine.clock.advance(Duration.ofSeconds(20));
        assertEquals(S.OUT, machine.state());
    }

    @Test
    void restoringACompositeLandsInTheLeafItsInitialChildrenLeadTo() {
        machine.log.clear();
        machine.restore(S.TOP);
        assertEquals(S.LEAF_A, machine.state());
        assertEquals(List.of(), machine.log, "restore runs no hooks");
        machine.restore(S.LEAF_C);
        assertEquals(S.LEAF_C, machine.state());
        machine.clock.advance(Duration.ofSeconds(10));
        assertEquals(S.OUT, machine.state(), "TOP's timeout is armed for a restored leaf inside TOP");
    }

    @Test
    void restoreForgetsHistory() {
        fire(E.DEEP);
        fire(E.HOME); // TOP remembers LEAF_B
        machine.restore(S.OUT);
        assertEquals(List.of("-OUT", "resume", "+TOP", "+MID", "+A"), fire(E.RESUME));
    }

    @Test
    void aSnapshotHoldsTheLeafTheHistoryAndTheTimeout() {
        fire(E.DEEP);
        fire(E.NEXT); // LEAF_C
        fire(E.LEAVE); // OUT; TOP remembers LEAF_C
        fire(E.RESUME); // LEAF_C again, TOP's timeout armed
        io.fsmgen.Snapshot snapshot = machine.snapshot();
        HierarchySpecMachine copy = new HierarchySpecMachine();
        copy.restore(io.fsmgen.Snapshot.fromLongs(snapshot.toLongs()));
        assertEquals(S.LEAF_C, copy.state());
        copy.log.clear();
        copy.fire(E.LEAVE);
        copy.fire(E.RESUME);
        assertEquals(List.of("-C", "-TOP", "left", "+OUT", "-OUT", "resume", "+TOP", "+C"), copy.log);
        copy.log.clear();
        copy.clock.advance(Duration.ofSeconds(10));
        assertEquals(S.OUT, copy.state(), "the timeout was armed again on restore");
    }

    @Test
    void aSnapshotWhoseActiveStateIsACompositeIsRejected() {
        io.fsmgen.StateBits bits = new io.fsmgen.StateBits();
        machine.encode(bits);
        io.fsmgen.StateBits forged = new io.fsmgen.StateBits();
        bits.rewind();
        bits.read(3);
        forged.write(S.TOP.ordinal(), 3);
        while (bits.remaining() > 0) {
            int width = Math.min(bits.remaining(), 64);
            forged.write(bits.read(width), width);
        }
        IllegalArgumentException rejected = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> machine.decode(forged));
        assertTrue(rejected.getMessage().contains("is a composite"), rejected.getMessage());
        assertEquals(S.OUT, machine.state(), "a rejected snapshot changes nothing");
    }

    @Test
    void listenersHearLeaves() {
        List<String> heard = new ArrayList<>();
        machine.addListener(TransitionListener.of((from, event, to) -> heard.add(from + " " + event + " " + to)));
        fire(E.GO);
        fire(E.TICK);
        assertEquals(List.of("OUT GO LEAF_A", "LEAF_A TICK LEAF_A"), heard);
    }
}
