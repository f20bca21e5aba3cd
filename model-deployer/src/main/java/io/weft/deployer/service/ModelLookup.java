package io.weft.deployer.service;

import io.weft.deployer.config.DeployerConfig;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.support.fabric.ListingWait;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds the model an earlier attempt of the same job is creating. Fabric reserves a display name as soon as a
 * create is accepted, before the model shows in the list, so a redelivery that overlaps its original (a rebalance
 * hands the partition over while the first instance still polls the operation) meets
 * {@code ItemDisplayNameAlreadyInUse} for its own model; it waits for that model to appear rather than failing.
 */
@ApplicationScoped
public class ModelLookup {

    private final SemanticModelClient models;
    private final ListingWait listing;
    private final DeployerConfig config;

    @Inject
    public ModelLookup(SemanticModelClient models, ListingWait listing, DeployerConfig config) {
        this.models = models;
        this.listing = listing;
        this.config = config;
    }

    /**
     * The model of this name that job {@code jobId} created, once Fabric lists it: looked up every
     * {@code weft.deployer.earlier-attempt.lookup-interval} within {@code weft.deployer.earlier-attempt.budget}.
     *
     * @throws NotListedYetException when it is still not listed once the budget is spent
     * @throws NotOursException      when the name belongs to a model this job did not create (not waited for)
     */
    public FabricItem createdBy(String workspaceId, String modelName, String jobId) throws InterruptedException {
        DeployerConfig.EarlierAttempt settings = config.earlierAttempt();
        FabricItem model = listing.until("semantic model " + modelName, () -> models.findByName(workspaceId, modelName),
                        ListingWait.Schedule.every(settings.lookupInterval(), settings.budget()), lookups -> {
                        })
                .orElseThrow(NotListedYetException::new);
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
