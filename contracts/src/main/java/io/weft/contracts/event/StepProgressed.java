package io.weft.contracts.event;

import java.time.Instant;

/**
 * A step moved forward.
 *
 * @param done            units done so far
 * @param total           units in all, when known (0 when unknown); may grow
 * @param unit            what is counted: {@code files}, {@code bytes}, {@code tables}, {@code percent}
 * @param percentComplete Fabric's {@code percentComplete} of the operation under way, passed through
 * @param detail          what is being worked on, e.g. the table being loaded
 */
public record StepProgressed(String jobId, long attempt, long sequence, Instant occurredAt, String step, long done,
        long total, String unit, Integer percentComplete, String detail) implements StepEvent {
}
