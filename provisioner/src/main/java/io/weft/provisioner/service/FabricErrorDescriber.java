package io.weft.provisioner.service;

import io.weft.contracts.event.JobError;
import io.weft.fabric.client.FabricException;
import io.weft.support.jobs.ErrorDescriber;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns the failures of a graph-scenario job into the errors users see: Fabric's {@code errorCode}, message
 * and request id as the fabric-client reports them, with the table or item concerned.
 */
@ApplicationScoped
public class FabricErrorDescriber implements ErrorDescriber {

    @Override
    public JobError describe(Throwable failure) {
        String resource = null;
        Throwable cause = failure;
        if (failure instanceof ResourceFailure resourceFailure) {
            resource = resourceFailure.resource();
            cause = resourceFailure.getCause();
        }
        if (cause instanceof FabricException fabric) {
            return new JobError(fabric.errorCode(), fabric.fabricMessage(), fabric.requestId(), resource, fabric.retriable());
        }
        if (cause instanceof GraphModelNotFoundException notFound) {
            return new JobError(GraphModelNotFoundException.CODE, notFound.getMessage(), null, resource, true);
        }
        if (resource != null) {
            return new JobError(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), null, resource, false);
        }
        return null;
    }
}
