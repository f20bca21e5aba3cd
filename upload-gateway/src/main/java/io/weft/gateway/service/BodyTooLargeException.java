package io.weft.gateway.service;

/** The request body grew above {@code quarkus.http.limits.max-body-size} while it was read. */
public class BodyTooLargeException extends RuntimeException {

    private final long limit;

    public BodyTooLargeException(long limit, Throwable cause) {
        super("the request body has more than " + limit + " bytes", cause);
        this.limit = limit;
    }

    /** The most bytes a body may have. */
    public long limit() {
        return limit;
    }
}
