package io.weft.contracts.event;

import io.weft.contracts.WeftMessage;

import java.time.Instant;

/**
 * Progress of a job, published by the worker running it on {@code weft.job-events}, keyed by job id.
 *
 * <p>Events order by {@code (attempt, sequence)}: a worker numbers the events of one attempt from 1, and a
 * redelivered command starts a new attempt with a greater {@code attempt} (its start time in epoch
 * milliseconds). Consumers must tolerate duplicates and any arrival order.
 */
public sealed interface JobEvent extends WeftMessage
        permits JobStarted, StepEvent, JobSucceeded, JobFailed, JobCancelled {

    /** Identifies one attempt at the job; greater for later attempts (the attempt's start, epoch ms). */
    long attempt();

    /** Position of this event within its attempt, from 1. */
    long sequence();

    /** When the worker observed what the event reports. */
    Instant occurredAt();
}
