package io.weft.fabric.client.deploymentpipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An item of a stage's workspace, with its pairing across stages.
 *
 * @param sourceItemId the item in the previous stage it was deployed from, or null
 * @param targetItemId the item in the next stage it deploys to, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageItem(String itemId, String itemDisplayName, String itemType, String sourceItemId, String targetItemId,
        String lastDeploymentTime) {
}
