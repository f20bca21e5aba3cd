package io.weft.contracts.event;

/** An event about one step of a job. */
public sealed interface StepEvent extends JobEvent permits StepStarted, StepProgressed, StepSucceeded, StepFailed {

    /** The step's name, stable across attempts, e.g. {@code load-tables}. */
    String step();
}
