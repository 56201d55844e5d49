package io.fsmgen.failure;

import io.fsmgen.OnEntry;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import java.time.Duration;

/** {@link OrderSpec} with a declared error state: every failure ends in FAILED, which retries itself after a minute. */
@StateMachine(name = "ErrorStateOrderMachine", errorState = "FAILED")
abstract class ErrorStateOrderSpec extends OrderSpec {

    @OnEntry("FAILED")
    void enterFailed() {
        run("enterFailed");
    }

    @Timeout(state = "FAILED", fire = "RETRY")
    Duration retryAfter() {
        return Duration.ofMinutes(1);
    }
}
