package io.weft.contracts.command;

import java.time.Instant;

/**
 * Ask the worker running a job to stop it between steps.
 *
 * @param jobId       the job to cancel
 * @param reason      why, shown in the job's status
 * @param requestedAt when the cancellation was requested
 * @param requestedBy who asked (the tracker's authenticated caller), or null when not known
 */
public record CancelJob(String jobId, String reason, Instant requestedAt, Requester requestedBy) implements ControlCommand {

    /** Without a requester (tests, and producers that do not say). */
    public CancelJob(String jobId, String reason, Instant requestedAt) {
        this(jobId, reason, requestedAt, null);
    }
}
