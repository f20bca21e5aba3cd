package io.weft.contracts.event;

import java.time.Instant;

/** A step failed; the job fails with it unless the worker says otherwise. */
public record StepFailed(String jobId, long attempt, long sequence, Instant occurredAt, String step, JobError error)
        implements StepEvent {
}
