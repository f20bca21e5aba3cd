package io.weft.tracker.model;

/** How a completed job ended. */
public enum Outcome {
    SUCCEEDED, FAILED, CANCELLED, TIMED_OUT
}
