package io.weft.contracts.event;

import java.time.Instant;
import java.util.Map;

/**
 * The job finished successfully.
 *
 * @param result what the job produced: ids and names of the Fabric items
 */
public record JobSucceeded(String jobId, long attempt, long sequence, Instant occurredAt, Map<String, Object> result)
        implements JobEvent {
}
