package io.weft.contracts.event;

import java.time.Instant;

/**
 * The job failed.
 *
 * @param step  the step that failed, or null when the command itself was rejected
 * @param error why
 */
public record JobFailed(String jobId, long attempt, long sequence, Instant occurredAt, String step, JobError error)
        implements JobEvent {
}
