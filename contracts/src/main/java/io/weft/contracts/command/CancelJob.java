package io.weft.contracts.command;

import java.time.Instant;

/**
 * Ask the worker running a job to stop it between steps.
 *
 * @param jobId       the job to cancel
 * @param reason      why, shown in the job's status
 * @param requestedAt when the cancellation was requested
 */
public record CancelJob(String jobId, String reason, Instant requestedAt) implements ControlCommand {
}
