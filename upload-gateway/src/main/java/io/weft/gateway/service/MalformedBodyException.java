package io.weft.gateway.service;

/** The request body is not a readable {@code multipart/form-data} body, or stopped arriving before its end. */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
