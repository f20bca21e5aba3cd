package io.weft.gateway.archive;

/** Thrown from inside a metered entry stream when the archive breaks a size or ratio limit. */
final class LimitExceededException extends RuntimeException {

    private final transient Problem problem;

    LimitExceededException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
