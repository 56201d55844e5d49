package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.List;

/**
 * Entry actions, exit actions and timeouts, by state ordinal, as declared on spec methods.
 *
 * @param timeoutsByState indexes into {@link #timeouts} per state
 */
record Hooks(
        List<List<CallModel>> entry,
        List<List<CallModel>> exit,
        List<TimeoutModel> timeouts,
        List<List<Integer>> timeoutsByState) {}
