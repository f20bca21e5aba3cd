package io.weft.gateway.service;

/** The staging store could not take the upload; the request can be retried later. */
public class StagingUnavailableException extends RuntimeException {

    public StagingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
