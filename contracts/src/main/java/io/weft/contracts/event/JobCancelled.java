package io.weft.contracts.event;

import java.time.Instant;

/**
 * The job stopped at a cancel request, between steps.
 *
 * @param lastCompletedStep the last step that finished before the job stopped, or null
 * @param reason            the reason given with the cancel request
 */
public record JobCancelled(String jobId, long attempt, long sequence, Instant occurredAt, String lastCompletedStep,
        String reason) implements JobEvent {
}
