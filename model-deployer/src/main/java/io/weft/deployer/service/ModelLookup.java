package io.weft.deployer.service;

import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.temporal.ChronoUnit;

/**
 * Finds the model an earlier attempt of the same job is creating. Fabric reserves a display name as soon as a
 * create is accepted, before the model shows in the list, so a redelivery that overlaps its original (a rebalance
 * hands the partition over while the first instance still polls the operation) meets
 * {@code ItemDisplayNameAlreadyInUse} for its own model; it waits for that model to appear rather than failing.
 */
@ApplicationScoped
public class ModelLookup {

    private final SemanticModelClient models;

    @Inject
    public ModelLookup(SemanticModelClient models) {
        this.models = models;
    }

    /**
     * The model of this name that job {@code jobId} created, once Fabric lists it. Retried (every 2 s, up to
     * 2 min; tune with MicroProfile Fault Tolerance's
     * {@code io.weft.deployer.service.ModelLookup/createdBy/Retry/*} keys) while no model of that name is listed.
     *
     * @throws NotListedYetException when it is still not listed after the retries
     * @throws NotOursException      when the name belongs to a model this job did not create (not retried)
     */
    @Retry(maxRetries = 60, delay = 2, delayUnit = ChronoUnit.SECONDS, maxDuration = 2, durationUnit = ChronoUnit.MINUTES,
            retryOn = NotListedYetException.class)
    public FabricItem createdBy(String workspaceId, String modelName, String jobId) {
        FabricItem model = models.findByName(workspaceId, modelName).orElseThrow(NotListedYetException::new);
        if (!DeploymentMarker.createdBy(model.description(), jobId)) {
            throw new NotOursException();
        }
        return model;
    }

    /** No model of the name is listed yet. */
    public static class NotListedYetException extends RuntimeException {
        NotListedYetException() {
            super("not listed yet", null, false, false);
        }
    }

    /** The listed model of the name was not created by the job. */
    public static class NotOursException extends RuntimeException {
        NotOursException() {
            super("created by someone else", null, false, false);
        }
    }
}
