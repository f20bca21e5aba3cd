package io.weft.tracker.model;

import io.weft.contracts.event.JobError;

/**
 * Why a job or a step failed.
 *
 * @param code      Fabric's {@code errorCode} or Weft's own code
 * @param message   human-readable, never containing secrets
 * @param requestId Fabric's request id, when Fabric answered
 * @param resource  the resource concerned, when there is one
 * @param retriable whether the same command may succeed if tried again
 */
public record ErrorInfo(String code, String message, String requestId, String resource, Boolean retriable) {

    public static ErrorInfo of(JobError error) {
        return error == null ? null
                : new ErrorInfo(error.code(), error.message(), error.requestId(), error.resource(), error.retriable());
    }
}
