package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;

/**
 * An abort whose RST left ahead of the TCP machine's ABORT ({@link ChannelState#ABORT_UNCONFIRMED}), in its loop's
 * side table ({@link EventLoop#abortsWaiting}) until the connection leaves the runtime.
 *
 * @param sinceNanos the moment ({@code nanoTime}, the trace clock's) just before its RST: a change into CLOSE stamped
 *     from then on is the abort's own
 * @param bound the estimate taken should the kernel's word never come; cancelled when the connection leaves, so that
 *     no aborted connection stays reachable from its loop's timers after {@code closed}
 */
record AbortWait(long sinceNanos, Scheduler.Cancellable bound) {}
