package io.weft.support.jobs;

/** Thrown inside a job when a cancel request stops it between steps. */
public class JobCancelledException extends RuntimeException {

    private final String reason;

    public JobCancelledException(String reason) {
        super("cancelled: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
