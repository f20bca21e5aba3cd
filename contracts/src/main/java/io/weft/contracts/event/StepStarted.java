package io.weft.contracts.event;

import java.time.Instant;

/** A step began. */
public record StepStarted(String jobId, long attempt, long sequence, Instant occurredAt, String step)
        implements StepEvent {
}
