package io.weft.support.fabric;

import io.weft.contracts.event.JobError;
import io.weft.fabric.client.FabricException;
import io.weft.support.jobs.ErrorDescriber;
import io.weft.support.jobs.JobErrorCodes;
import io.weft.support.jobs.JobFailureException;
import io.weft.support.jobs.ResourceFailure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;

/**
 * Turns a Fabric worker's failures into the errors users see: Fabric's {@code errorCode}, message and request id as
 * the fabric-client reports them (so that {@link JobError#summary()} reads {@code [errorCode] message}); a worker's
 * own {@link JobFailureException} with its code; and, for anything else that happened while working on a resource,
 * {@link JobErrorCodes#INTERNAL_ERROR}. The resource is the innermost {@link ResourceFailure}'s, else the first
 * resource id Fabric names in its error details.
 */
@ApplicationScoped
public class FabricErrorDescriber implements ErrorDescriber {

    @Override
    public JobError describe(Throwable failure) {
        String resource = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResourceFailure concerning) {
                resource = concerning.resource();
            } else if (t instanceof FabricException fabric) {
                return new JobError(fabric.errorCode(), fabric.fabricMessage(), fabric.requestId(),
                        resource != null ? resource : relatedResource(fabric), fabric.retriable());
            } else if (t instanceof JobFailureException foreseen) {
                return new JobError(foreseen.code(), foreseen.getMessage(), null,
                        foreseen.resource() != null ? foreseen.resource() : resource, foreseen.retriable());
            }
        }
        if (resource == null) {
            return null;
        }
        Throwable cause = failure instanceof ResourceFailure && failure.getCause() != null ? failure.getCause() : failure;
        return new JobError(JobErrorCodes.INTERNAL_ERROR, cause.getClass().getSimpleName() + ": "
                + Objects.requireNonNullElse(cause.getMessage(), "no message"), null, resource, false);
    }

    private static String relatedResource(FabricException fabric) {
        return fabric.moreDetails().stream().map(FabricException.ErrorDetail::resourceId)
                .filter(id -> id != null && !id.isBlank()).findFirst().orElse(null);
    }
}
