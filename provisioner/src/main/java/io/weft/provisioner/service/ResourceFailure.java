package io.weft.provisioner.service;

/**
 * A failure concerning one resource (a table, a file, an item): keeps the resource's name next to the cause
 * so that the job error names it. {@link FabricErrorDescriber} unwraps it.
 */
public class ResourceFailure extends RuntimeException {

    private final String resource;

    public ResourceFailure(String resource, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.resource = resource;
    }

    public String resource() {
        return resource;
    }
}
