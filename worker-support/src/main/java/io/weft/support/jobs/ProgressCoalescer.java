package io.weft.support.jobs;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides which of one step's progress reports become events, so that a step reporting every file of 100k sends
 * hundreds of events rather than 100k, and the dashboard still moves smoothly. A report is sent when it is the
 * first or the last ({@code done >= total}); otherwise never sooner than the minimum interval after the last one
 * sent, and then when the step's known completion moved by a whole percent step, or when the heartbeat has passed
 * since the last one sent (so a slow step still shows what it works on and never looks stalled). A step whose
 * completion is unknown (no total, no percentage) is bounded by the minimum interval alone. At most, then, a step
 * sends {@code 100 / percentStep + duration / heartbeat + 2} events.
 */
final class ProgressCoalescer {

    private final long minIntervalNanos;
    private final int percentStep;
    private final long heartbeatNanos;
    private final LongSupplier nanoClock;
    private boolean sentAny;
    private long lastSentNanos;
    private int lastSentPercent = -1;

    /**
     * @param minInterval shortest time between two events (zero: none)
     * @param percentStep how many whole percent the completion must move to be sent before the heartbeat
     * @param heartbeat   longest time between two events of a step that keeps reporting
     * @param nanoClock   the clock intervals are measured on ({@link System#nanoTime()} in a worker)
     */
    ProgressCoalescer(Duration minInterval, int percentStep, Duration heartbeat, LongSupplier nanoClock) {
        if (percentStep < 1 || percentStep > 100) {
            throw new IllegalArgumentException("weft.worker.progress-percent-step must be 1 to 100, was " + percentStep);
        }
        this.minIntervalNanos = minInterval.toNanos();
        this.percentStep = percentStep;
        this.heartbeatNanos = heartbeat.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether this report is to be sent; when it is, it counts as the last one sent. */
    synchronized boolean offer(long done, long total, Integer percentComplete) {
        long now = nanoClock.getAsLong();
        int percent = percent(done, total, percentComplete);
        boolean send;
        if (!sentAny || (total > 0 && done >= total)) {
            send = true;
        } else if (now - lastSentNanos < minIntervalNanos) {
            send = false;
        } else {
            send = percent < 0 || percent >= lastSentPercent + percentStep || percent < lastSentPercent
                    || now - lastSentNanos >= heartbeatNanos;
        }
        if (send) {
            sentAny = true;
            lastSentNanos = now;
            lastSentPercent = percent;
        }
        return send;
    }

    /** The step's completion in whole percent, or -1 when unknown. */
    private static int percent(long done, long total, Integer percentComplete) {
        if (total > 0) {
            return (int) Math.max(0, Math.min(100, Math.floorDiv(100 * Math.max(0, done), total)));
        }
        if (percentComplete != null) {
            return Math.max(0, Math.min(100, percentComplete));
        }
        return -1;
    }
}
