package io.weft.fabric.client.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The wait between two polls of something that runs on its own (a job instance, a semantic model refresh): through
 * the {@link Sleeper}, in slices no longer than {@code stopCheck} so a stop request is seen promptly, never past a
 * deadline. Shared by the job-instance and refresh pollers.
 */
public final class StoppableWait {

    /** Why a wait ended early. */
    public enum Stop { DEADLINE, STOP_REQUESTED }

    private StoppableWait() {
    }

    /** Sleeps {@code wait}; returns why it stopped early, or null after the whole wait. */
    public static Stop sleep(Sleeper sleeper, Clock clock, Duration wait, Instant deadline, Duration stopCheck, BooleanSupplier stop)
            throws InterruptedException {
        Duration left = wait;
        while (true) {
            if (stop.getAsBoolean()) {
                return Stop.STOP_REQUESTED;
            }
            Instant now = clock.instant();
            if (deadline != null && !now.isBefore(deadline)) {
                return Stop.DEADLINE;
            }
            if (left.isZero() || left.isNegative()) {
                return null;
            }
            Duration slice = left.compareTo(stopCheck) < 0 ? left : stopCheck;
            if (deadline != null && Duration.between(now, deadline).compareTo(slice) < 0) {
                slice = Duration.between(now, deadline);
            }
            sleeper.sleep(slice);
            left = left.minus(slice);
        }
    }

    /** The service's {@code Retry-After} (or {@code fallback} when it sent none), kept within {@code min}..{@code max}. */
    public static Duration bounded(Duration retryAfter, Duration fallback, Duration min, Duration max) {
        Duration wait = retryAfter == null ? fallback : retryAfter;
        if (wait.compareTo(min) < 0) {
            return min;
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
