package io.weft.support.jobs;

/**
 * A job failure a worker foresaw, with its stable code (documented in the worker's README), e.g. a refused
 * deployment or a graph model Fabric never created. The job fails with exactly this code and message; the
 * command is acknowledged, not dead-lettered (for a command that can never succeed use
 * {@link CommandRejectedException}).
 */
public class JobFailureException extends RuntimeException {

    private final String code;
    private final String resource;
    private final boolean retriable;

    public JobFailureException(String code, String message, String resource, boolean retriable) {
        super(message);
        this.code = code;
        this.resource = resource;
        this.retriable = retriable;
    }

    /** The stable error code users match on. */
    public String code() {
        return code;
    }

    /** The resource concerned, or null. */
    public String resource() {
        return resource;
    }

    /** Whether the same request may succeed later without change. */
    public boolean retriable() {
        return retriable;
    }
}
