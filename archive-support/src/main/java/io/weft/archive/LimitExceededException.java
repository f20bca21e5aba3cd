package io.weft.archive;

/** Thrown from inside a metered entry stream when the archive breaks a size or ratio limit. */
final class LimitExceededException extends RuntimeException {

    private final transient ArchiveProblem problem;

    LimitExceededException(ArchiveProblem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    ArchiveProblem problem() {
        return problem;
    }
}
