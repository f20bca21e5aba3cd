package io.weft.tracker.service;

/** No job with this id is known (or it was purged). */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobId) {
        super("no job '" + jobId + "'");
    }
}
