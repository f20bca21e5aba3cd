package io.weft.support.jobs;

/**
 * A failure while working on one resource (a table, a file, a model, an item): keeps the resource's name next to
 * the cause so that the job's error names it ({@code JobError.resource}). The describers unwrap it.
 */
public class ResourceFailure extends RuntimeException {

    private final String resource;

    public ResourceFailure(String resource, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.resource = resource;
    }

    /** The name of the resource concerned, as users know it. */
    public String resource() {
        return resource;
    }
}
