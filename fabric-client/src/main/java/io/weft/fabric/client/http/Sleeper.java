package io.weft.fabric.client.http;

import java.time.Duration;

/**
 * Waits between polls and retries, and the clock their budgets are measured on: one seam, so a test can record
 * every wait the client takes (see {@link RecordingSleeper}) and a run can be accelerated ({@link #scaled(double)}).
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    /** Purpose of the wait before polling an operation; the purpose is {@code "poll <operationId>"}. */
    String POLL = "poll";
    /** Purpose of the wait on a 429 / RequestBlocked. */
    String THROTTLED = "throttled";
    /** Purpose of the wait on ItemDisplayNameNotAvailableYet. */
    String NAME_NOT_AVAILABLE = "name-not-available";

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits {@code duration} for {@code purpose} ({@link #POLL}, {@link #THROTTLED}, ...); a recording sleeper
     * keeps the purpose, every other one just waits.
     */
    default void sleep(Duration duration, String purpose) throws InterruptedException {
        sleep(duration);
    }

    /** Now, in nanoseconds, on the clock the time budgets (operations, throttling) are measured on. */
    default long nanoTime() {
        return System.nanoTime();
    }

    /**
     * The real sleeper at {@code timeScale}: a requested wait of {@code d} sleeps {@code d / timeScale}, and the
     * budget clock runs {@code timeScale} times faster than the wall clock, so budgets keep their announced meaning.
     * Only for tests against an emulator that runs at the same time-scale; 1 is the plain {@link #THREAD} sleeper.
     */
    static Sleeper scaled(double timeScale) {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("weft.fabric.polling.time-scale must be a positive number, was " + timeScale);
        }
        if (timeScale == 1.0) {
            return THREAD;
        }
        long origin = System.nanoTime();
        return new Sleeper() {
            @Override
            public void sleep(Duration duration) throws InterruptedException {
                long nanos = (long) (duration.toNanos() / timeScale);
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }

            @Override
            public long nanoTime() {
                return origin + (long) ((System.nanoTime() - origin) * timeScale);
            }

            @Override
            public String toString() {
                return "Sleeper[time-scale " + timeScale + "]";
            }
        };
    }
}
