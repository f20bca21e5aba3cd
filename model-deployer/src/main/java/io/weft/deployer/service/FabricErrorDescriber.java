package io.weft.deployer.service;

import io.weft.contracts.event.JobError;
import io.weft.fabric.client.FabricException;
import io.weft.support.jobs.ErrorDescriber;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns the deployer's failures into what users see: Fabric's {@code errorCode}, message and request id as
 * Fabric reported them (so that {@link JobError#summary()} reads {@code [errorCode] message}), and the model
 * concerned.
 */
@ApplicationScoped
public class FabricErrorDescriber implements ErrorDescriber {

    @Override
    public JobError describe(Throwable failure) {
        String resource = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ModelStepException step) {
                resource = step.modelName();
            }
            if (t instanceof FabricException fabric) {
                return new JobError(fabric.errorCode(), fabric.fabricMessage(), fabric.requestId(),
                        resource != null ? resource : relatedResource(fabric), fabric.retriable());
            }
            if (t instanceof DeploymentRefusedException refused) {
                return new JobError(refused.code(), refused.getMessage(), null, refused.modelName(), false);
            }
        }
        return null;
    }

    private static String relatedResource(FabricException fabric) {
        return fabric.moreDetails().stream().map(FabricException.ErrorDetail::resourceId)
                .filter(id -> id != null && !id.isBlank()).findFirst().orElse(null);
    }
}
