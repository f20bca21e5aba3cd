package io.weft.support.jobs;

import io.weft.contracts.event.JobError;

/**
 * Turns a failure into the structured error users see. Workers provide one that understands their
 * clients' exceptions (e.g. Fabric's errorCode and request id); the default knows only Weft's own.
 */
public interface ErrorDescriber {

    /** The error for a failure, or null when this describer does not know it. */
    JobError describe(Throwable failure);
}
