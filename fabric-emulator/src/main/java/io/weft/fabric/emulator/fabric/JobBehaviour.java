package io.weft.fabric.emulator.fabric;

import java.time.Duration;

/**
 * How one emulated job instance runs: how long it stays {@code NotStarted}, how long it runs, and how it ends.
 * Tests queue behaviours for the next runs of an item ({@link ItemJobs#script}); unscripted runs use the default.
 *
 * @param queued       time spent {@code NotStarted} before {@code InProgress}
 * @param running      time spent {@code InProgress}; null runs forever (a stuck run, until cancelled)
 * @param terminal     {@code Completed}, {@code Failed}, {@code Cancelled} or {@code Deduped}
 * @param errorCode    the failureReason's errorCode of a Failed or Deduped run (Fabric's codes when null)
 * @param message      the failureReason's message
 * @param cancelDelay  time from a cancel request to {@code Cancelled}
 * @param refuseCancel whether a cancel request is refused (409 JobCancellationNotAllowed) instead
 */
public record JobBehaviour(Duration queued, Duration running, String terminal, String errorCode, String message,
        Duration cancelDelay, boolean refuseCancel) {

    public static final String COMPLETED = "Completed";
    public static final String FAILED = "Failed";
    public static final String CANCELLED = "Cancelled";
    public static final String DEDUPED = "Deduped";

    /** Completes after {@code running}, with {@code queued} NotStarted before it. */
    public static JobBehaviour completes(Duration queued, Duration running) {
        return new JobBehaviour(queued, running, COMPLETED, null, null, Duration.ZERO, false);
    }

    /** Fails after {@code running} with this failureReason. */
    public static JobBehaviour fails(Duration running, String errorCode, String message) {
        return new JobBehaviour(Duration.ZERO, running, FAILED, errorCode, message, Duration.ZERO, false);
    }

    /** Never ends unless cancelled; a cancel takes {@code cancelDelay}. */
    public static JobBehaviour stuck(Duration cancelDelay) {
        return new JobBehaviour(Duration.ZERO, null, COMPLETED, null, null, cancelDelay, false);
    }

    /** Skipped at once because the same job type already runs for the item. */
    public static JobBehaviour deduped() {
        return new JobBehaviour(Duration.ZERO, Duration.ZERO, DEDUPED, null, null, Duration.ZERO, false);
    }

    /** The same behaviour, refusing cancel requests. */
    public JobBehaviour refusingCancel() {
        return new JobBehaviour(queued, running, terminal, errorCode, message, cancelDelay, true);
    }
}
