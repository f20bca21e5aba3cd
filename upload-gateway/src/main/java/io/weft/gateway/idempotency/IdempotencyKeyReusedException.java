package io.weft.gateway.idempotency;

/** The same {@code Idempotency-Key} came with a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String jobId;

    public IdempotencyKeyReusedException(String jobId) {
        super("this Idempotency-Key was already used for a different request (job " + jobId + ")");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
