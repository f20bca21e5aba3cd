package io.weft.tracker.model;

import java.time.Instant;
import java.util.Map;

/**
 * One step of a job, as folded from its events.
 *
 * @param position        the step's place in the job, from 0
 * @param attempts        how many times the step was started
 * @param done            units done, when the worker reported progress
 * @param total           units in all, when known (0 when unknown)
 * @param unit            what is counted
 * @param percentComplete Fabric's {@code percentComplete}, passed through
 * @param detail          what is being worked on
 * @param output          what the step produced
 * @param lastError       the step's last failure
 */
public record StepStatus(int position, String name, StepState state, int attempts, Long done, Long total, String unit,
        Integer percentComplete, String detail, Instant startedAt, Instant finishedAt, Map<String, Object> output,
        ErrorInfo lastError) {
}
