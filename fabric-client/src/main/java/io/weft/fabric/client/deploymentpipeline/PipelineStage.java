package io.weft.fabric.client.deploymentpipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One stage of a deployment pipeline.
 *
 * @param order         0-based position in the pipeline
 * @param workspaceId   the assigned workspace, or null when the stage has none
 * @param workspaceName the assigned workspace's name, when the caller may see it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineStage(String id, int order, String displayName, String description, String workspaceId,
        String workspaceName, boolean isPublic) {

    public boolean hasWorkspace() {
        return workspaceId != null && !workspaceId.isBlank();
    }
}
