package io.weft.fabric.client.deploymentpipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A deployment as Fabric records it ({@code DeploymentPipelineOperationExtendedInfo}): its status and, per item,
 * the step of its execution plan.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Deployment(String id, String status, String sourceStageId, String targetStageId, ExecutionPlan executionPlan) {

    /** The steps, empty when Fabric sent no plan. */
    public List<Step> steps() {
        return executionPlan == null || executionPlan.steps() == null ? List.of() : executionPlan.steps();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExecutionPlan(List<Step> steps) {
    }

    /**
     * One item's part of the deployment.
     *
     * @param preDeploymentDiffState {@code New}, {@code Different} or {@code NoDifference}
     * @param error                  Fabric's error for a failed step, else null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(int index, String description, String status, String preDeploymentDiffState,
            SourceAndTarget sourceAndTarget, JsonNode error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SourceAndTarget(String sourceItemId, String sourceItemDisplayName, String targetItemId,
            String targetItemDisplayName, String itemType) {
    }
}
