package io.weft.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * A worker began an attempt at a job.
 *
 * @param kind      the job's kind, e.g. {@code graph-scenario}
 * @param workspace the workspace the job works in
 * @param steps     the steps the job will run, in order
 */
public record JobStarted(String jobId, long attempt, long sequence, Instant occurredAt, String kind,
        String workspace, List<String> steps) implements JobEvent {
}
