package io.weft.gateway.rest;

import java.util.List;

/**
 * A stage promotion through a deployment pipeline, as JSON.
 *
 * @param pipeline    the deployment pipeline, GUID or display name
 * @param sourceStage the stage to deploy from: an environment of the deployer's environments file, a stage name or id
 * @param targetStage the stage to deploy to, named the same ways
 * @param items       the items to deploy by type and name; absent or empty: all of the source stage's
 * @param note        kept with the deployment in Fabric (at most 1024 characters)
 */
public record PromotionRequest(String pipeline, String sourceStage, String targetStage, List<Item> items, String note) {

    /** One item of the source stage, e.g. {@code {"itemType":"SemanticModel","name":"Sales"}}. */
    public record Item(String itemType, String name) {
    }
}
