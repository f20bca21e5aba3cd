package io.weft.tracker.model;

import java.time.Instant;

/**
 * One attempt at a job, as users count them.
 *
 * @param number    1 for the first attempt, 2 for the first retry (a redelivered command), ...
 * @param startedAt when the attempt's first event happened
 */
public record Attempt(int number, Instant startedAt) {
}
