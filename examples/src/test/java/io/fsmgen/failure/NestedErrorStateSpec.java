package io.fsmgen.failure;

import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import java.time.Duration;

/**
 * {@link NestedOrderSpec} with a composite error state: a failure abandons the configuration (history recorded, no
 * exit action, every timeout cancelled) and enters FAILED and its initial child RETRYING, whose timeout retries
 * after a minute through OUTER's deep history.
 */
@StateMachine(name = "NestedErrorStateMachine", errorState = "FAILED")
abstract class NestedErrorStateSpec extends NestedOrderSpec {

    @Timeout(state = "RETRYING", fire = "RETRY")
    Duration retryAfter() {
        return Duration.ofMinutes(1);
    }
}
