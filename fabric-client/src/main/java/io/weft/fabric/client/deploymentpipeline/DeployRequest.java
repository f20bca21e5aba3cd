package io.weft.fabric.client.deploymentpipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Fabric's {@code DeployRequest}: the items of the source stage to deploy (all of them when {@code items} is null).
 *
 * @param note free text kept with the deployment (at most 1024 characters)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeployRequest(String sourceStageId, String targetStageId, List<Item> items, String note) {

    /** One item to deploy. */
    public record Item(String sourceItemId, String itemType) {
    }
}
