package io.weft.fabric.client.deploymentpipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A deployment pipeline as Fabric lists it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentPipeline(String id, String displayName, String description) {
}
