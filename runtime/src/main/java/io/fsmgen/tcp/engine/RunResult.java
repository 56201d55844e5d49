package io.fsmgen.tcp.engine;

/**
 * How a bounded run of the {@link VirtualClock} ended. A simulation that never goes idle (two endpoints
 * retransmitting to each other forever) must end the test with a clear answer, not hang it.
 *
 * @param tasksRun     the tasks executed
 * @param limitReached true when the run stopped because it hit its task limit, with work still pending
 * @param nowNanos     the virtual time when the run stopped
 */
public record RunResult(int tasksRun, boolean limitReached, long nowNanos) {
}
