package io.weft.tracker.service;

import io.weft.tracker.model.Outcome;

/** The job has completed: there is nothing left to cancel. */
public class JobAlreadyCompletedException extends RuntimeException {

    public JobAlreadyCompletedException(String jobId, Outcome outcome) {
        super("job '" + jobId + "' has already completed (" + outcome + ")");
    }
}
