package io.fsmgen.web.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.web.json.JsonOut;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A conversation's timeline keeps at most its cap of steps, however its steps arrive; the rest are counted. */
class TimelinesTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8_080);

    private static TcpTransition step(long id, InetSocketAddress local, InetSocketAddress remote, long nanos) {
        return new TcpTransition(id, TcpTransition.Side.CLIENT, TcpTransition.Lane.MACHINE, local, remote, "CLOSED",
                "ACTIVE_OPEN", "SYN_SENT", nanos, false);
    }

    /**
     * Steps told before the endpoint's addresses were known join its conversation when they are; that merge, and a
     * reused id's later lives, once let a timeline grow past its cap without bound (a helper saw 10,369 steps).
     */
    @Test
    void mergedStepsStayWithinTheCap() {
        Timelines timelines = new Timelines(4, 3);
        for (int i = 0; i < 3; i++) {
            timelines.add(step(8, CLIENT, SERVER, i)); // an earlier life of these addresses: 3 steps, the cap
        }
        for (int i = 0; i < 3; i++) {
            timelines.add(step(7, null, null, 10 + i)); // addresses not known yet: a conversation of its own
        }
        timelines.add(step(7, CLIENT, SERVER, 20)); // now known: its 3 early steps join the full conversation
        JsonOut out = new JsonOut();
        assertTrue(timelines.write(7, out));
        String json = out.toString();
        assertEquals(3, json.split("\"event\"", -1).length - 1, json);
        assertTrue(json.contains("\"droppedSteps\":4"), json);
    }
}
