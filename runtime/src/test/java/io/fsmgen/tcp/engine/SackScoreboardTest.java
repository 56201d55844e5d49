package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 6675's scoreboard: merging blocks, forgetting below SND.UNA, IsLost() and SetPipe() by hand-worked cases. */
class SackScoreboardTest {

    private static final long SMSS = 100;
    private static final int DUP_THRESH = 3;

    @Test
    void blocksMergeAndReportOnlyNewlySackedBytes() {
        SackScoreboard board = new SackScoreboard();
        assertEquals(100, board.add(200, 300));
        assertEquals(100, board.add(400, 500));
        assertEquals(0, board.add(200, 300), "a repeated block adds nothing");
        assertEquals(100, board.add(250, 450), "only the gap between the two was new");
        assertEquals("SACKed [200,500)", board.toString());
        assertEquals(100, board.add(500, 600), "a touching block merges");
        assertEquals("SACKed [200,600)", board.toString());
        assertEquals(0, board.add(300, 300), "an empty block is nothing");
    }

    @Test
    void positionsAroundTheBlocks() {
        SackScoreboard board = new SackScoreboard();
        board.add(200, 300);
        board.add(400, 500);
        assertTrue(board.isSacked(200));
        assertFalse(board.isSacked(300));
        assertEquals(300, board.nextUnsacked(250));
        assertEquals(150, board.nextUnsacked(150));
        assertEquals(400, board.nextSackedStart(300));
        assertEquals(Long.MAX_VALUE, board.nextSackedStart(400));
        assertEquals(500, board.highestSacked());
        assertEquals(399, board.lastUnsackedBefore(500), "the top block is skipped");
        assertEquals(599, board.lastUnsackedBefore(600));
    }

    @Test
    void advancingSndUnaForgetsWhatLiesBelow() {
        SackScoreboard board = new SackScoreboard();
        board.add(200, 300);
        board.add(400, 500);
        board.advanceTo(250);
        assertEquals("SACKed [250,300) [400,500)", board.toString());
        board.advanceTo(500);
        assertTrue(board.isEmpty());
    }

    @Test
    void isLostNeedsThreeSegmentsOrMoreThanTwoSmssSackedAbove() {
        SackScoreboard board = new SackScoreboard();
        board.add(300, 400);
        board.add(500, 600);
        assertEquals(Long.MIN_VALUE, board.lossBoundary(SMSS, DUP_THRESH), "two segments above: nothing lost yet");
        board.add(700, 800);
        assertEquals(300, board.lossBoundary(SMSS, DUP_THRESH), "three segments: everything below 300 is lost");
        SackScoreboard bytes = new SackScoreboard();
        bytes.add(300, 510);
        assertEquals(300, bytes.lossBoundary(SMSS, DUP_THRESH), "210 bytes > 2 SMSS in one block");
    }

    @Test
    void pipeCountsUnsackedBytesNotLostAndRetransmittedOnesAgain() {
        SackScoreboard board = new SackScoreboard();
        // Sent [0, 1000); SACKed [100, 400): three segments, so [0, 100) is lost; [400, 1000) is not.
        board.add(100, 400);
        assertEquals(600, board.pipe(0, 1000, 0, SMSS, DUP_THRESH), "the lost hole does not count");
        assertEquals(700, board.pipe(0, 1000, 100, SMSS, DUP_THRESH), "its retransmission does");
        assertEquals(1000, new SackScoreboard().pipe(0, 1000, 0, SMSS, DUP_THRESH), "no SACK: FlightSize");
    }
}
