package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fsmgen.StateBits;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A system described wrongly is refused with a message that names the system and the mistake. */
class ClosedSystemTest {

    private static String refusal(Executable describe) {
        return assertThrows(RuntimeException.class, describe).getMessage();
    }

    private static ClosedSystem.Builder counting(Counter counter) {
        return ClosedSystem.builder("toy").component(counter)
                .move(Move.of("a+1", true, () -> counter.value < counter.max, () -> counter.value++));
    }

    @Test
    void aDiagramColumnMustBeAParticipant() {
        Recording recording = new Recording();
        Channel channel = new Channel("client", "server", 1, 1, true, m -> "M", recording);
        assertEquals("toy: the diagram's right column is sever, which is neither a machine nor a channel's end"
                        + " (participants: client, server)",
                refusal(() -> counting(new Counter(1)).component(channel).diagram("client", "sever").build()));
        assertEquals("toy: the diagram's two columns are both client",
                refusal(() -> counting(new Counter(1)).component(channel).diagram("client", "client").build()));
    }

    @Test
    void namesMustBeGivenAndUnique() {
        assertEquals("toy: a move needs a name, not ' '",
                refusal(() -> counting(new Counter(1)).move(Move.of(" ", true, () -> true, () -> { })).build()));
        assertEquals("toy: two moves are named a+1",
                refusal(() -> counting(new Counter(1)).move(Move.of("a+1", true, () -> true, () -> { })).build()));
        assertEquals("toy: a property needs a name, not ''",
                refusal(() -> counting(new Counter(1)).invariant("", "always", () -> true)));
        assertEquals("toy: two properties are named p", refusal(() -> counting(new Counter(1))
                .invariant("p", "always", () -> true).eventually("p", "once", () -> true)));
    }

    @Test
    void mayIgnoreNamesAMachineAndAnEvent() {
        assertEquals("toy: mayIgnore(worker) names no event",
                refusal(() -> counting(new Counter(1)).mayIgnore("worker")));
        assertEquals("toy: mayIgnore names worker, which is not a machine of the system",
                refusal(() -> counting(new Counter(1)).mayIgnore("worker", WorkerSpec.E.PING).build()));
    }

    /** A counter whose decode forgets its top bit: two different states would be merged without a word. */
    private static final class Forgetful extends Counter {
        Forgetful() {
            super(3);
        }

        @Override
        public void decode(StateBits in) {
            value = (int) in.read(bits) & 1;
        }

        @Override
        public String toString() {
            return "forgetful";
        }
    }

    @Test
    void aComponentWhoseDecodeDisagreesWithItsEncodeIsRefusedBeforeTheSearch() {
        Supplier<ClosedSystem> shortRead = () -> ClosedSystem.builder("short read")
                .component(new Counter(3) {
                    @Override
                    public void decode(StateBits in) {
                        value = (int) in.read(1);
                    }

                    @Override
                    public String toString() {
                        return "lazy";
                    }
                })
                .move(Move.of("nothing", true, () -> true, () -> { }))
                .build();
        assertEquals("short read: component lazy encodes 2 bits but its decode reads 1: encode and decode must agree",
                refusal(() -> new Explorer().explore(shortRead)));
        Supplier<ClosedSystem> forgetful = () -> {
            Forgetful counter = new Forgetful();
            counter.value = 2;
            return ClosedSystem.builder("forgetful").component(counter)
                    .move(Move.of("nothing", true, () -> true, () -> { })).build();
        };
        assertEquals("forgetful: component forgetful encodes 2 bits: 0000000000000002, decodes it, then encodes"
                + " 2 bits: 0000000000000000: decode must take the state encode wrote",
                refusal(() -> new Explorer().explore(forgetful)));
    }
}
