package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.TimeoutModel;
import io.fsmgen.processor.parse.Site;
import java.util.List;

/**
 * Entry actions, exit actions and timeouts, by state ordinal, as declared on spec methods, and the error handlers.
 *
 * @param timeoutsByState indexes into {@link #timeouts} per state
 * @param timeoutSites where each timeout was declared, for diagnostics
 */
record Hooks(
        List<List<CallModel>> entry,
        List<List<CallModel>> exit,
        List<TimeoutModel> timeouts,
        List<List<Integer>> timeoutsByState,
        List<Site> timeoutSites,
        List<CallModel> errorHandlers) {}
