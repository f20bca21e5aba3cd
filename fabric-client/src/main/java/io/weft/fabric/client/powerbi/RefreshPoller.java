package io.weft.fabric.client.powerbi;

import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.http.StoppableWait;
import io.weft.fabric.client.job.JobInstancePoller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Follows a semantic model refresh until it ends, the deadline passes, or the caller asks to stop: polls honouring
 * Power BI's {@code Retry-After} (bounded by the same {@link JobInstancePoller.Intervals} item jobs use), waiting
 * through {@link StoppableWait}, and tells the listener of every poll and whether anything (status or an object's
 * status) changed.
 */
public class RefreshPoller {

    private final PowerBiRefreshClient refreshes;
    private final Sleeper sleeper;
    private final Clock clock;

    public RefreshPoller(PowerBiRefreshClient refreshes, Sleeper sleeper, Clock clock) {
        this.refreshes = refreshes;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Why polling returned. */
    public enum Outcome { TERMINAL, DEADLINE, STOP_REQUESTED }

    /** The last state seen (null when none was) and why polling returned. */
    public record Result(Outcome outcome, RefreshDetail detail) {
    }

    /** Hears every poll's answer, and whether it differs from the previous one. */
    @FunctionalInterface
    public interface PollListener {
        void polled(RefreshDetail detail, boolean changed);
    }

    /**
     * Polls {@code ref} until it ends, {@code deadline} (null: none) or {@code stop}. The first poll waits for the
     * trigger's {@code Retry-After} unless {@code pollAtOnce}.
     */
    public Result follow(RefreshRef ref, Instant deadline, JobInstancePoller.Intervals intervals, boolean pollAtOnce,
            BooleanSupplier stop, PollListener listener) throws InterruptedException {
        RefreshDetail last = null;
        Duration wait = pollAtOnce ? Duration.ZERO : bounded(ref.retryAfter(), intervals);
        while (true) {
            StoppableWait.Stop stopped = StoppableWait.sleep(sleeper, clock, wait, deadline, intervals.stopCheck(), stop);
            if (stopped != null) {
                return new Result(stopped == StoppableWait.Stop.DEADLINE ? Outcome.DEADLINE : Outcome.STOP_REQUESTED, last);
            }
            PowerBiRefreshClient.Polled polled = refreshes.get(ref);
            RefreshDetail detail = polled.detail();
            boolean changed = last == null || !Objects.equals(last.status(), detail.status())
                    || !Objects.equals(last.extendedStatus(), detail.extendedStatus()) || !last.objects().equals(detail.objects());
            last = detail;
            listener.polled(detail, changed);
            if (!polled.running()) {
                return new Result(Outcome.TERMINAL, detail);
            }
            wait = bounded(polled.retryAfter(), intervals);
        }
    }

    private static Duration bounded(Duration retryAfter, JobInstancePoller.Intervals intervals) {
        return StoppableWait.bounded(retryAfter, intervals.fallback(), intervals.min(), intervals.max());
    }
}
