package io.weft.tracker.model;

/** Where a job is in its life; how it ended is its {@link Outcome}. */
public enum Lifecycle {
    QUEUED, RUNNING, COMPLETED
}
