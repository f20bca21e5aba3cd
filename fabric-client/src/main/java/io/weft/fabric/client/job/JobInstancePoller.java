package io.weft.fabric.client.job;

import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.http.StoppableWait;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows a job instance until it ends, the deadline passes, or the caller asks to stop: polls honouring Fabric's
 * {@code Retry-After} (bounded by {@link Intervals}), waits through {@link Sleeper} in slices no longer than
 * {@link Intervals#stopCheck()} so a stop request is seen promptly, and reports every status change.
 */
public class JobInstancePoller {

    private final ItemJobClient jobs;
    private final Sleeper sleeper;
    private final Clock clock;

    public JobInstancePoller(ItemJobClient jobs, Sleeper sleeper, Clock clock) {
        this.jobs = jobs;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * Polling intervals.
     *
     * @param fallback  the wait when Fabric sends no {@code Retry-After}
     * @param min       the shortest wait, whatever Fabric asks (a {@code Retry-After: 0} is not a busy loop)
     * @param max       the longest wait, whatever Fabric asks
     * @param stopCheck how often a wait looks at the stop request
     */
    public record Intervals(Duration fallback, Duration min, Duration max, Duration stopCheck) {
    }

    /** Why polling returned. */
    public enum Outcome { TERMINAL, DEADLINE, STOP_REQUESTED }

    /** The last state seen and why polling returned. */
    public record Result(Outcome outcome, ItemJobInstance instance) {
    }

    /**
     * Polls {@code ref} until a terminal status, {@code deadline} (null: none) or {@code stop}. The first poll waits
     * for the start's {@code Retry-After} ({@code ref.retryAfter()}) unless {@code pollAtOnce}.
     */
    public Result follow(JobInstanceRef ref, Instant deadline, Intervals intervals, boolean pollAtOnce, BooleanSupplier stop,
            Consumer<ItemJobInstance> onChange) throws InterruptedException {
        return follow(ref, deadline, intervals, pollAtOnce, stop, (instance, changed) -> {
            if (changed) {
                onChange.accept(instance);
            }
        });
    }

    /** Hears every poll's answer, and whether its status differs from the previous one. */
    @FunctionalInterface
    public interface PollListener {
        void polled(ItemJobInstance instance, boolean statusChanged);
    }

    /** As {@link #follow(JobInstanceRef, Instant, Intervals, boolean, BooleanSupplier, Consumer)}, told of every poll. */
    public Result follow(JobInstanceRef ref, Instant deadline, Intervals intervals, boolean pollAtOnce, BooleanSupplier stop,
            PollListener listener) throws InterruptedException {
        ItemJobInstance last = null;
        String lastStatus = null;
        Duration wait = pollAtOnce ? Duration.ZERO : bounded(ref.retryAfter(), intervals);
        while (true) {
            Outcome interrupted = sleep(wait, deadline, intervals, stop);
            if (interrupted != null) {
                return new Result(interrupted, last);
            }
            ItemJobClient.Polled polled = jobs.get(ref);
            last = polled.instance();
            boolean changed = !java.util.Objects.equals(last.status(), lastStatus);
            lastStatus = last.status();
            listener.polled(last, changed);
            if (last.jobStatus().terminal()) {
                return new Result(Outcome.TERMINAL, last);
            }
            wait = bounded(polled.retryAfter(), intervals);
        }
    }

    /** Sleeps {@code wait} in slices; returns why it stopped early, or null after the whole wait. */
    private Outcome sleep(Duration wait, Instant deadline, Intervals intervals, BooleanSupplier stop) throws InterruptedException {
        StoppableWait.Stop stopped = StoppableWait.sleep(sleeper, clock, wait, deadline, intervals.stopCheck(), stop);
        return stopped == null ? null : stopped == StoppableWait.Stop.DEADLINE ? Outcome.DEADLINE : Outcome.STOP_REQUESTED;
    }

    private static Duration bounded(Duration retryAfter, Intervals intervals) {
        return StoppableWait.bounded(retryAfter, intervals.fallback(), intervals.min(), intervals.max());
    }
}
