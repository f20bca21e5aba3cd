package io.weft.contracts.event;

import java.time.Instant;
import java.util.Map;

/**
 * A step finished.
 *
 * @param output what the step produced that later readers care about (ids, names, counts)
 */
public record StepSucceeded(String jobId, long attempt, long sequence, Instant occurredAt, String step,
        Map<String, Object> output) implements StepEvent {
}
