package io.weft.provisioner.service.workspace;

import io.weft.contracts.event.JobError;
import io.weft.support.jobs.ErrorDescriber;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A failure whose job error is already composed: a workspace job's original cause together with its rollback
 * report (or the rollback's own failure and what it left).
 */
public class DescribedFailure extends RuntimeException {

    private final JobError error;

    public DescribedFailure(JobError error, Throwable cause) {
        super(error.summary(), cause);
        this.error = error;
    }

    public JobError error() {
        return error;
    }

    /** Hands the composed error to the runner. */
    @ApplicationScoped
    public static class Describer implements ErrorDescriber {
        @Override
        public JobError describe(Throwable failure) {
            return failure instanceof DescribedFailure described ? described.error() : null;
        }
    }
}
